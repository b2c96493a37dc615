package dev.slipway.gateway.redis;

import dev.slipway.gateway.job.JobStore;
import dev.slipway.gateway.stream.EventStreams;
import dev.slipway.gateway.stream.StreamEntry;
import dev.slipway.model.JobEvent;
import dev.slipway.model.JobId;
import dev.slipway.model.JobRecord;
import dev.slipway.model.JobState;
import dev.slipway.model.JobTransition;
import dev.slipway.model.JobUpdate;
import dev.slipway.model.JobView;
import dev.slipway.model.LogChunkText;
import dev.slipway.model.RedisKeys;
import dev.slipway.redis.LuaScripts;
import dev.slipway.redis.RedisJobTransitions;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Job records in Redis, laid out as {@link RedisKeys} describes. */
@Repository
class RedisJobStore implements JobStore {

    /**
     * When a recorded job whose publish was never confirmed (the gateway died in between) is
     * published by a worker's dispatcher instead. Well past any publish timeout.
     */
    private static final int LOG_PAGE = 500;

    private static final Duration UNCONFIRMED_DISPATCH_DELAY = Duration.ofSeconds(60);

    private static final RedisScript<String> CREATE = LuaScripts.load("redis/create-job.lua", String.class);
    private static final RedisScript<Long> WITHDRAW = LuaScripts.load("redis/withdraw-job.lua", Long.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final JobHashCodec codec;

    private final RedisJobTransitions transitions;
    private final RedisEventStreams streams;

    RedisJobStore(
            StringRedisTemplate redis, JsonMapper json, RedisJobTransitions transitions, RedisEventStreams streams) {
        this.redis = redis;
        this.json = json;
        this.codec = new JobHashCodec(json);
        this.transitions = transitions;
        this.streams = streams;
    }

    @Override
    public String create(JobView job) {
        JobEvent event =
                new JobEvent.StateChanged(job.id(), 0, null, JobState.QUEUED, null, null, null, job.createdAt());
        List<String> keys = new ArrayList<>(keysOf(job.id()));
        keys.add(RedisKeys.POOLS); // so GET /pools lists a pool that no worker serves yet
        return redis.execute(
                CREATE,
                keys,
                job.id().value(),
                json.writeValueAsString(job.spec()),
                String.valueOf(job.createdAt().toEpochMilli()),
                json.writeValueAsString(event),
                String.valueOf(RedisKeys.GLOBAL_EVENTS_MAX_LENGTH),
                String.valueOf(job.createdAt().plus(UNCONFIRMED_DISPATCH_DELAY).toEpochMilli()),
                job.spec().pool());
    }

    @Override
    public void dropDispatch(JobId id) {
        redis.opsForZSet().remove(RedisKeys.DISPATCH, id.value());
    }

    @Override
    public JobUpdate update(JobId id, Function<JobRecord, Optional<JobTransition>> decide) {
        return transitions.update(id, decide);
    }

    @Override
    public void signalCancel(JobId id) {
        redis.convertAndSend(RedisKeys.CONTROL_CHANNEL, RedisKeys.CANCEL_PREFIX + id.value());
    }

    @Override
    public void withdraw(JobId id, String createToken) {
        List<String> keys = new ArrayList<>(keysOf(id));
        keys.add(RedisKeys.jobLog(id));
        redis.execute(WITHDRAW, keys, id.value(), createToken);
    }

    private static List<String> keysOf(JobId id) {
        return List.of(
                RedisKeys.job(id),
                RedisKeys.ALL_JOBS,
                RedisKeys.jobsInState(JobState.QUEUED),
                RedisKeys.jobEvents(id),
                RedisKeys.GLOBAL_EVENTS,
                RedisKeys.DISPATCH);
    }

    @Override
    public Optional<JobView> find(JobId id) {
        Map<String, String> hash = redis.<String, String>opsForHash().entries(RedisKeys.job(id));
        return hash.isEmpty() ? Optional.empty() : Optional.of(codec.decode(id, hash));
    }

    @Override
    public List<JobView> list(@Nullable JobState state, @Nullable JobId after, int limit) {
        String index = state == null ? RedisKeys.ALL_JOBS : RedisKeys.jobsInState(state);
        List<JobView> jobs = new ArrayList<>(limit);
        String cursor = after == null ? null : after.value();
        // Jobs past their retention leave ids behind in the indexes; skip them and read on, so a
        // page is short only at the end of the listing.
        while (jobs.size() < limit) {
            Range<String> range =
                    cursor == null ? Range.unbounded() : Range.leftUnbounded(Range.Bound.exclusive(cursor));
            int wanted = limit - jobs.size();
            var ids = redis.opsForZSet()
                    .reverseRangeByLex(index, range, Limit.limit().count(wanted));
            if (ids == null || ids.isEmpty()) {
                break;
            }
            List<String> ordered = List.copyOf(ids);
            List<Object> hashes = fetchHashes(ordered);
            for (int i = 0; i < ordered.size(); i++) {
                @SuppressWarnings("unchecked")
                Map<String, String> hash = (Map<String, String>) hashes.get(i);
                if (hash != null && !hash.isEmpty()) {
                    jobs.add(codec.decode(JobId.of(ordered.get(i)), hash));
                } else { // expired after its retention time: drop it from the indexes too
                    redis.opsForZSet().remove(RedisKeys.ALL_JOBS, ordered.get(i));
                    redis.opsForZSet().remove(index, ordered.get(i));
                }
            }
            if (ordered.size() < wanted) {
                break;
            }
            cursor = ordered.getLast();
        }
        return jobs;
    }

    private List<Object> fetchHashes(List<String> ids) {
        return redis.executePipelined(new SessionCallback<@Nullable Object>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> @Nullable Object execute(RedisOperations<K, V> operations) {
                for (String id : ids) {
                    operations.opsForHash().entries((K) RedisKeys.job(JobId.of(id)));
                }
                return null;
            }
        });
    }

    /** Page by page, as the bytes Redis holds: no String per line. */
    @Override
    public void writeLog(JobId id, OutputStream out) throws IOException {
        String last = EventStreams.BEGINNING;
        while (true) {
            List<StreamEntry> page = streams.readAfter(RedisKeys.jobLog(id), last, LOG_PAGE);
            for (StreamEntry entry : page) {
                last = entry.id();
                if (!LogChunkText.isChunk(entry.data())) {
                    continue; // the end marker
                }
                LogChunkText.Cursor lines = new LogChunkText.Cursor(entry.data());
                while (lines.next()) {
                    out.write(lines.chunk(), lines.from(), lines.to() - lines.from());
                    out.write('\n');
                }
            }
            if (page.size() < LOG_PAGE) {
                return;
            }
        }
    }
}
