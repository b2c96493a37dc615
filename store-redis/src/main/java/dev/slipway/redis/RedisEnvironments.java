package dev.slipway.redis;

import dev.slipway.model.EnvironmentEvent;
import dev.slipway.model.EnvironmentId;
import dev.slipway.model.EnvironmentQuota;
import dev.slipway.model.EnvironmentRecord;
import dev.slipway.model.EnvironmentState;
import dev.slipway.model.EnvironmentUpdate;
import dev.slipway.model.QuotaExceeded;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * Every environment's record, for gateway and workers alike. A change is decided on the record as
 * read and applied only if nobody changed it meanwhile (its version), else decided again on the
 * newer record: the same compare-and-set loop as jobs', so the policy stays with the callers and
 * the transition table ({@link EnvironmentState#canTransitionTo}) is checked here, once.
 */
public final class RedisEnvironments {

    private static final Logger log = LoggerFactory.getLogger(RedisEnvironments.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> CREATE = LuaScripts.load("redis/create-environment.lua", List.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> UPDATE = LuaScripts.load("redis/update-environment.lua", List.class);

    private static final int MAX_RACES = 10;
    private static final String NO_WORKER = RedisKeys.ENVIRONMENTS + ":worker:-";

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final long retentionMillis;

    /** @param retention how long an environment's record lives once it is over (zero: forever) */
    public RedisEnvironments(StringRedisTemplate redis, JsonMapper json, Duration retention) {
        this.redis = redis;
        this.json = json;
        this.retentionMillis = retention.toMillis();
    }

    /** A record as read, with the version its next change must match. */
    private record Versioned(EnvironmentRecord environment, String version) {}

    public Optional<EnvironmentRecord> find(EnvironmentId id) {
        return read(id).map(Versioned::environment);
    }

    private Optional<Versioned> read(EnvironmentId id) {
        List<Object> values = redis.opsForHash().multiGet(RedisKeys.environment(id), List.of("record", "version"));
        if (values.get(0) == null || values.get(1) == null) {
            return Optional.empty();
        }
        return Optional.of(
                new Versioned(decode(values.get(0).toString()), values.get(1).toString()));
    }

    /**
     * Records a new PENDING environment unless it would take its owner past a quota.
     *
     * @return empty when it was recorded, else the quota it would exceed
     */
    public Optional<QuotaExceeded> create(EnvironmentRecord environment, EnvironmentQuota quota) {
        if (environment.state() != EnvironmentState.PENDING) {
            throw new IllegalArgumentException("a new environment is PENDING, not " + environment.state());
        }
        EnvironmentId id = environment.id();
        String owner = environment.owner();
        EnvironmentEvent event = new EnvironmentEvent.StateChanged(
                id, null, EnvironmentState.PENDING, null, null, environment.createdAt(), owner);
        List<String> keys = List.of(
                RedisKeys.environment(id),
                RedisKeys.ENVIRONMENTS,
                RedisKeys.environmentsInState(EnvironmentState.PENDING),
                RedisKeys.environmentsOfOwner(owner),
                RedisKeys.environmentsOfOwnerInState(owner, EnvironmentState.PENDING),
                RedisKeys.environmentUsage(owner),
                RedisKeys.environmentEvents(id),
                RedisKeys.ENVIRONMENT_EXPIRY);
        List<?> answer = redis.execute(
                CREATE,
                keys,
                id.value(),
                json.writeValueAsString(environment),
                json.writeValueAsString(event),
                String.valueOf(millicpus(environment)),
                String.valueOf(environment.template().resources().memoryMb()),
                String.valueOf(quota.maxEnvironments()),
                String.valueOf(Math.round(quota.maxCpus() * 1000)),
                String.valueOf(quota.maxMemoryMb()),
                String.valueOf(environment.expiresAt().toEpochMilli()));
        if (answer != null && !answer.isEmpty() && "created".equals(answer.getFirst())) {
            return Optional.empty();
        }
        return Optional.of(overQuota(answer));
    }

    /**
     * Reads the environment, asks {@code decide} for its next record (none: nothing changes), and
     * writes it unless the environment changed in between, in which case it reads and decides
     * again. A move the transition table forbids is refused; an environment that is over cannot
     * change at all.
     *
     * @param quota checked when the change makes the environment hold resources again (a start); null: no check
     */
    public EnvironmentUpdate update(
            EnvironmentId id,
            Function<EnvironmentRecord, Optional<EnvironmentRecord>> decide,
            @Nullable EnvironmentQuota quota) {
        EnvironmentRecord current = null;
        for (int race = 0; race < MAX_RACES; race++) {
            Optional<Versioned> read = read(id);
            if (read.isEmpty()) {
                return new EnvironmentUpdate.Missing();
            }
            current = read.get().environment();
            if (current.state().isTerminal()) {
                return new EnvironmentUpdate.Declined(current);
            }
            Optional<EnvironmentRecord> next = decide.apply(current);
            if (next.isEmpty()) {
                return new EnvironmentUpdate.Declined(current);
            }
            EnvironmentRecord changed = next.get();
            if (changed.state() != current.state() && !current.state().canTransitionTo(changed.state())) {
                throw new IllegalStateException(
                        "environment " + id + " may not move from " + current.state() + " to " + changed.state());
            }
            List<?> answer = apply(current, changed, read.get().version(), quota);
            String kind = answer.isEmpty() ? "" : Objects.toString(answer.getFirst());
            switch (kind) {
                case "applied" -> {
                    return new EnvironmentUpdate.Applied(changed);
                }
                case "missing" -> {
                    return new EnvironmentUpdate.Missing();
                }
                case "over-quota" -> {
                    return new EnvironmentUpdate.OverQuota(overQuota(answer));
                }
                case "conflict" -> log.debug("Environment {} changed while a change was decided; deciding again", id);
                default -> throw new IllegalStateException("update-environment.lua answered " + answer);
            }
        }
        log.error("Environment {} kept changing while it was being changed; giving up after {} tries", id, MAX_RACES);
        return new EnvironmentUpdate.Contended(Objects.requireNonNull(current));
    }

    private List<?> apply(
            EnvironmentRecord current, EnvironmentRecord next, String version, @Nullable EnvironmentQuota quota) {
        EnvironmentId id = current.id();
        String owner = current.owner();
        WorkerId oldWorker = current.workerId();
        WorkerId newWorker = next.workerId();
        List<String> keys = List.of(
                RedisKeys.environment(id),
                RedisKeys.environmentEvents(id),
                RedisKeys.environmentsInState(current.state()),
                RedisKeys.environmentsInState(next.state()),
                RedisKeys.environmentsOfOwnerInState(owner, current.state()),
                RedisKeys.environmentsOfOwnerInState(owner, next.state()),
                RedisKeys.environmentUsage(owner),
                oldWorker == null ? NO_WORKER : RedisKeys.workerEnvironments(oldWorker),
                newWorker == null ? NO_WORKER : RedisKeys.workerEnvironments(newWorker),
                RedisKeys.ENVIRONMENT_EXPIRY,
                RedisKeys.environmentStats(id));
        String event = next.state() == current.state()
                ? ""
                : json.writeValueAsString(new EnvironmentEvent.StateChanged(
                        id, current.state(), next.state(), newWorker, next.error(), next.updatedAt(), owner));
        List<?> answer = redis.execute(
                UPDATE,
                keys,
                id.value(),
                version,
                json.writeValueAsString(next),
                current.state().name(),
                next.state().name(),
                event,
                EnvironmentRecord.holdsResources(current.state()) ? "1" : "0",
                EnvironmentRecord.holdsResources(next.state()) ? "1" : "0",
                String.valueOf(millicpus(current)),
                String.valueOf(current.template().resources().memoryMb()),
                next.state().isTerminal() ? "1" : "0",
                String.valueOf(next.expiresAt().toEpochMilli()),
                quota == null ? "" : String.valueOf(Math.round(quota.maxCpus() * 1000)),
                quota == null ? "" : String.valueOf(quota.maxMemoryMb()),
                String.valueOf(retentionMillis),
                oldWorker == null ? "" : oldWorker.value(),
                newWorker == null ? "" : newWorker.value());
        return answer == null ? List.of() : answer;
    }

    /**
     * A page of environments, newest first, after {@code after} (exclusive; from the newest when
     * null): the owner's when one is given, in one state when one is given.
     */
    public List<EnvironmentRecord> list(
            @Nullable String owner, @Nullable EnvironmentState state, @Nullable EnvironmentId after, int limit) {
        String index = owner == null
                ? (state == null ? RedisKeys.ENVIRONMENTS : RedisKeys.environmentsInState(state))
                : (state == null
                        ? RedisKeys.environmentsOfOwner(owner)
                        : RedisKeys.environmentsOfOwnerInState(owner, state));
        List<EnvironmentRecord> page = new ArrayList<>(limit);
        String cursor = after == null ? null : after.value();
        while (page.size() < limit) {
            Range<String> range =
                    cursor == null ? Range.unbounded() : Range.leftUnbounded(Range.Bound.exclusive(cursor));
            int wanted = limit - page.size();
            Set<String> ids = redis.opsForZSet()
                    .reverseRangeByLex(index, range, Limit.limit().count(wanted));
            if (ids == null || ids.isEmpty()) {
                break;
            }
            List<String> ordered = List.copyOf(ids);
            List<@Nullable Object> documents = documents(ordered);
            for (int i = 0; i < ordered.size(); i++) {
                Object document = documents.get(i);
                if (document == null) { // past its retention: its id leaves the index too
                    redis.opsForZSet().remove(index, ordered.get(i));
                    continue;
                }
                // One that cannot be read (written by a newer version, say) is left out, and kept.
                EnvironmentRecord environment = decodable(ordered.get(i), document.toString());
                if (environment != null) {
                    page.add(environment);
                }
            }
            if (ordered.size() < wanted) {
                break;
            }
            cursor = ordered.getLast();
        }
        return page;
    }

    /** The records of these environments, in order; null for one that is gone or cannot be read. */
    public List<@Nullable EnvironmentRecord> findAll(List<String> ids) {
        List<@Nullable Object> values = documents(ids);
        List<@Nullable EnvironmentRecord> records = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            Object value = values.get(i);
            records.add(value == null ? null : decodable(ids.get(i), value.toString()));
        }
        return records;
    }

    /** The record documents of these environments, in order, as stored; null for one that is gone. */
    private List<@Nullable Object> documents(List<String> ids) {
        List<Object> values = redis.executePipelined(new SessionCallback<@Nullable Object>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> @Nullable Object execute(RedisOperations<K, V> operations) {
                for (String id : ids) {
                    operations.opsForHash().get((K) RedisKeys.environment(EnvironmentId.of(id)), "record");
                }
                return null;
            }
        });
        return new ArrayList<>(values);
    }

    /** The environments a worker hosts that are not over. */
    public List<EnvironmentRecord> hostedBy(WorkerId worker) {
        Set<String> ids = redis.opsForSet().members(RedisKeys.workerEnvironments(worker));
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        return findAll(List.copyOf(ids)).stream().filter(Objects::nonNull).toList();
    }

    /** Environments whose lifetime ran out by {@code now}, at most {@code limit}. */
    public List<EnvironmentId> expiredBy(Instant now, int limit) {
        Set<String> ids = redis.opsForZSet()
                .rangeByScore(
                        RedisKeys.ENVIRONMENT_EXPIRY, Double.NEGATIVE_INFINITY, (double) now.toEpochMilli(), 0, limit);
        return ids == null ? List.of() : ids.stream().map(EnvironmentId::of).toList();
    }

    private @Nullable EnvironmentRecord decodable(String id, String value) {
        try {
            return decode(value);
        } catch (RuntimeException e) {
            log.warn("left environment {} out: its record cannot be read ({})", id, e.getMessage());
            return null;
        }
    }

    private EnvironmentRecord decode(String value) {
        return json.readValue(value, EnvironmentRecord.class);
    }

    private static long millicpus(EnvironmentRecord environment) {
        return Math.round(environment.template().resources().cpus() * 1000);
    }

    private static QuotaExceeded overQuota(@Nullable List<?> answer) {
        if (answer == null || answer.size() != 4 || !"over-quota".equals(answer.getFirst())) {
            throw new IllegalStateException("the environment script answered " + answer);
        }
        String limit = answer.get(1).toString();
        double max = Double.parseDouble(answer.get(2).toString());
        double usage = Double.parseDouble(answer.get(3).toString());
        if (limit.equals("maxEnvironmentCpus")) { // the script counts millicpus
            return new QuotaExceeded(limit, max / 1000, usage / 1000);
        }
        return new QuotaExceeded(limit, max, usage);
    }
}
