package dev.slipway.gateway.redis;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.gateway.job.ActiveJobLimitException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(RedisJobStore.class);

    /**
     * When a recorded job whose publish was never confirmed (the gateway died in between) is
     * published by a worker's dispatcher instead. Well past any publish timeout.
     */
    private static final Duration UNCONFIRMED_DISPATCH_DELAY = Duration.ofSeconds(60);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> CREATE = LuaScripts.load("redis/create-job.lua", List.class);

    private static final RedisScript<Long> WITHDRAW = LuaScripts.load("redis/withdraw-job.lua", Long.class);

    private static final RedisScript<Long> DROP_FIRST_DISPATCH =
            LuaScripts.load("redis/drop-first-dispatch.lua", Long.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final JobHashCodec codec;

    private final RedisJobTransitions transitions;
    private final RedisEventStreams streams;
    private final RedisPipelines pipelines;
    private final int logEntriesPerRead;

    RedisJobStore(
            StringRedisTemplate redis,
            RedisPipelines pipelines,
            JsonMapper json,
            RedisJobTransitions transitions,
            RedisEventStreams streams,
            GatewayProperties properties) {
        this.logEntriesPerRead = properties.logReads().entriesPerRead();
        this.redis = redis;
        this.pipelines = pipelines;
        this.json = json;
        this.codec = new JobHashCodec(json);
        this.transitions = transitions;
        this.streams = streams;
    }

    @Override
    public String create(JobView job, Map<String, String> secrets, int maxActiveJobs) {
        CreateCall call = createCall(job, secrets, maxActiveJobs);
        return created(redis.execute(CREATE, call.keys(), call.args().toArray()), maxActiveJobs);
    }

    /**
     * Runs create-job.lua for every job in one pipeline on a connection kept for it: each job is still
     * its own atomic script call, so the limit holds between them as between separate requests.
     */
    @Override
    public List<Recorded> createAll(List<NewJob> jobs) {
        List<CreateCall> calls = jobs.stream()
                .map(job -> createCall(job.job(), job.secrets(), job.maxActiveJobs()))
                .toList();
        List<@Nullable Object> replies = pipelines.run(
                CREATE,
                calls.stream()
                        .map(call -> new RedisPipelines.Call(call.keys(), call.args()))
                        .toList());
        List<Recorded> answers = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            NewJob job = jobs.get(i);
            Object reply = replies.get(i);
            try {
                if (reply instanceof RuntimeException failure) {
                    throw failure;
                }
                answers.add(Recorded.created(created(RedisPipelines.texts(reply), job.maxActiveJobs())));
            } catch (RuntimeException e) {
                answers.add(Recorded.failed(e));
            }
        }
        return answers;
    }

    private record CreateCall(List<String> keys, List<String> args) {}

    private CreateCall createCall(JobView job, Map<String, String> secrets, int maxActiveJobs) {
        JobEvent event = new JobEvent.StateChanged(
                job.id(), 0, null, JobState.QUEUED, null, null, null, job.createdAt(), job.owner());
        List<String> keys = new ArrayList<>(List.of(
                RedisKeys.job(job.id()),
                RedisKeys.ALL_JOBS,
                RedisKeys.jobsInState(JobState.QUEUED),
                RedisKeys.jobEvents(job.id()),
                RedisKeys.GLOBAL_EVENTS,
                RedisKeys.DISPATCH,
                RedisKeys.POOLS, // so GET /pools lists a pool that no worker serves yet
                RedisKeys.jobsOfOwner(job.owner())));
        for (JobState active : List.of(JobState.QUEUED, JobState.RUNNING, JobState.CANCELLING)) {
            keys.add(RedisKeys.jobsOfOwnerInState(job.owner(), active));
        }
        keys.add(RedisKeys.jobSecrets(job.id()));
        keys.add(RedisKeys.QUEUE_DEADLINES);
        long queueTimeout = job.spec().queueTimeoutSeconds();
        List<String> args = new ArrayList<>(List.of(
                job.id().value(),
                json.writeValueAsString(job.spec()),
                String.valueOf(job.createdAt().toEpochMilli()),
                json.writeValueAsString(event),
                String.valueOf(RedisKeys.GLOBAL_EVENTS_MAX_LENGTH),
                String.valueOf(job.createdAt().plus(UNCONFIRMED_DISPATCH_DELAY).toEpochMilli()),
                job.spec().pool(),
                job.owner(),
                String.valueOf(maxActiveJobs),
                queueTimeout > 0
                        ? String.valueOf(
                                job.createdAt().plusSeconds(queueTimeout).toEpochMilli())
                        : ""));
        secrets.forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        return new CreateCall(keys, args);
    }

    /** create-job.lua's answer: the token, or the refusal. */
    private static String created(@Nullable List<?> answer, int maxActiveJobs) {
        if (answer != null && answer.size() == 2 && "over-limit".equals(answer.get(0))) {
            throw new ActiveJobLimitException(
                    maxActiveJobs, Integer.parseInt(answer.get(1).toString()));
        }
        if (answer == null || answer.size() != 2 || !"created".equals(answer.get(0))) {
            throw new IllegalStateException("create-job.lua answered " + answer);
        }
        return answer.get(1).toString();
    }

    @Override
    public void dropFirstDispatch(JobId id) {
        redis.execute(DROP_FIRST_DISPATCH, List.of(RedisKeys.job(id), RedisKeys.DISPATCH), id.value());
    }

    @Override
    public void dropFirstDispatches(List<JobId> ids) {
        List<@Nullable Object> replies = pipelines.run(
                DROP_FIRST_DISPATCH,
                ids.stream()
                        .map(id -> new RedisPipelines.Call(
                                List.of(RedisKeys.job(id), RedisKeys.DISPATCH), List.of(id.value())))
                        .toList());
        for (int i = 0; i < ids.size(); i++) {
            if (replies.get(i) instanceof RuntimeException failure) {
                // The job is accepted either way; its dispatch entry only makes a worker publish a
                // duplicate later, which the claim ignores.
                log.warn("Could not drop the dispatch entry of published job {}: {}", ids.get(i), failure.toString());
            }
        }
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
    public boolean withdraw(JobView job, String createToken) {
        JobId id = job.id();
        List<String> keys = List.of(
                RedisKeys.job(id),
                RedisKeys.ALL_JOBS,
                RedisKeys.jobsInState(JobState.QUEUED),
                RedisKeys.jobEvents(id),
                RedisKeys.GLOBAL_EVENTS,
                RedisKeys.DISPATCH,
                RedisKeys.jobLog(id),
                RedisKeys.jobsOfOwner(job.owner()),
                RedisKeys.jobsOfOwnerInState(job.owner(), JobState.QUEUED),
                RedisKeys.jobSecrets(id),
                RedisKeys.QUEUE_DEADLINES);
        return Long.valueOf(1).equals(redis.execute(WITHDRAW, keys, id.value(), createToken));
    }

    @Override
    public Optional<JobView> find(JobId id) {
        Map<String, String> hash = redis.<String, String>opsForHash().entries(RedisKeys.job(id));
        return hash.isEmpty() ? Optional.empty() : Optional.of(codec.decode(id, hash));
    }

    @Override
    public List<JobView> list(@Nullable String owner, @Nullable JobState state, @Nullable JobId after, int limit) {
        String index = owner == null
                ? (state == null ? RedisKeys.ALL_JOBS : RedisKeys.jobsInState(state))
                : (state == null ? RedisKeys.jobsOfOwner(owner) : RedisKeys.jobsOfOwnerInState(owner, state));
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
                    decodable(JobId.of(ordered.get(i)), hash).ifPresent(jobs::add);
                } else { // expired after its retention time: drop it from the indexes too
                    redis.opsForZSet().remove(RedisKeys.ALL_JOBS, ordered.get(i));
                    redis.opsForZSet().remove(index, ordered.get(i));
                    if (owner != null) {
                        redis.opsForZSet().remove(RedisKeys.jobsOfOwner(owner), ordered.get(i));
                    }
                }
            }
            if (ordered.size() < wanted) {
                break;
            }
            cursor = ordered.getLast();
        }
        return jobs;
    }

    /**
     * A record that cannot be read (a field missing or malformed) is logged and left out, so one
     * damaged record does not turn every listing that reaches it into an error.
     */
    private Optional<JobView> decodable(JobId id, Map<String, String> hash) {
        try {
            return Optional.of(codec.decode(id, hash));
        } catch (RuntimeException e) {
            log.warn("left job {} out of a listing: its record cannot be read ({})", id, e.getMessage());
            return Optional.empty();
        }
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

    /**
     * Page by page, as the bytes Redis holds: no String per line, and at most a page of entries
     * ({@code slipway.gateway.log-reads}) in memory at a time, however long the log.
     */
    @Override
    public void writeLog(JobId id, OutputStream out) throws IOException {
        String last = EventStreams.BEGINNING;
        while (true) {
            List<StreamEntry> page = streams.readAfter(RedisKeys.jobLog(id), last, logEntriesPerRead);
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
            if (page.size() < logEntriesPerRead) {
                return;
            }
        }
    }
}
