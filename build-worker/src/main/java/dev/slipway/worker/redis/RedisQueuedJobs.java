package dev.slipway.worker.redis;

import dev.slipway.model.JobFields;
import dev.slipway.model.JobId;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobState;
import dev.slipway.model.JobTopology;
import dev.slipway.model.RedisKeys;
import dev.slipway.redis.LuaScripts;
import dev.slipway.worker.recovery.QueuedJobs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** {@link QueuedJobs} over the index of QUEUED jobs, their hashes and the dispatch set. */
@Component
record RedisQueuedJobs(StringRedisTemplate redis, JsonMapper json) implements QueuedJobs {

    private static final RedisScript<Long> SCHEDULE = LuaScripts.load("redis/schedule-dispatch.lua", Long.class);

    @Override
    public Page page(String after, int limit) {
        // By id rather than by rank: every member scores 0, so the index is in id order, and a
        // claim between two pages cannot shift the next page past jobs not yet read.
        Range<String> range = after.isEmpty() ? Range.unbounded() : Range.rightUnbounded(Range.Bound.exclusive(after));
        Set<String> ids = redis.opsForZSet()
                .rangeByLex(
                        RedisKeys.jobsInState(JobState.QUEUED),
                        range,
                        Limit.limit().count(limit));
        List<String> page = ids == null ? List.of() : List.copyOf(ids);
        if (page.isEmpty()) {
            return new Page(List.of(), null, true);
        }
        // One round trip for the whole page: each job's fields, then whether it is scheduled.
        List<Object> answers = redis.executePipelined(new SessionCallback<@Nullable Object>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> @Nullable Object execute(RedisOperations<K, V> operations) {
                for (String id : page) {
                    operations
                            .<String, String>opsForHash()
                            .multiGet(
                                    (K) RedisKeys.job(JobId.of(id)),
                                    List.of(
                                            JobFields.STATE,
                                            JobFields.ATTEMPT,
                                            JobFields.SPEC,
                                            JobFields.UPDATED_AT,
                                            JobFields.CREATED_AT));
                    operations.opsForZSet().score((K) RedisKeys.DISPATCH, id);
                }
                return null;
            }
        });
        List<Queued> jobs = new ArrayList<>();
        for (int i = 0; i < page.size(); i++) {
            @SuppressWarnings("unchecked") // HMGET answers a list of strings
            List<@Nullable String> fields = (List<@Nullable String>) answers.get(2 * i);
            read(JobId.of(page.get(i)), fields, answers.get(2 * i + 1) != null).ifPresent(jobs::add);
        }
        return new Page(jobs, page.getLast(), page.size() < limit);
    }

    private Optional<Queued> read(JobId job, List<@Nullable String> fields, boolean dispatchPending) {
        String state = fields.get(0);
        String attempt = fields.get(1);
        String spec = fields.get(2);
        String since = fields.get(3) != null ? fields.get(3) : fields.get(4);
        if (!"QUEUED".equals(state) || attempt == null || spec == null || since == null) {
            return Optional.empty(); // moved on since the index was read, or damaged
        }
        try {
            JobSpec parsed = json.readValue(spec, JobSpec.class);
            return Optional.of(new Queued(
                    job,
                    Integer.parseInt(attempt),
                    JobTopology.routeFor(parsed.pool(), parsed.constraints()),
                    Instant.ofEpochMilli(Long.parseLong(since)),
                    dispatchPending));
        } catch (JacksonException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean scheduleDispatch(JobId job, int attempt, Instant at) {
        Long added = redis.execute(
                SCHEDULE,
                List.of(RedisKeys.job(job), RedisKeys.DISPATCH),
                job.value(),
                String.valueOf(attempt),
                String.valueOf(at.toEpochMilli()));
        return added != null && added == 1;
    }
}
