package dev.slipway.model;

/**
 * The Redis layout shared by gateway and workers.
 *
 * <ul>
 *   <li>{@code slipway:job:{id}}: hash with the job's fields ({@link JobFields});
 *   <li>{@code slipway:job:{id}:events}: stream of {@link JobEvent.StateChanged} for the job;
 *   <li>{@code slipway:job:{id}:log}: stream of log chunks ({@link LogChunkText}), ended by a {@link JobEvent.LogEnd};
 *   <li>{@code slipway:jobs}: sorted set of all job ids (score 0, ordered by id, which is time-ordered);
 *   <li>{@code slipway:jobs:state:{STATE}}: the same, per state;
 *   <li>{@code slipway:jobs:owner:{user}} and {@code slipway:jobs:owner:{user}:state:{STATE}}: the same, per owner;
 *   <li>{@code slipway:job:{id}:secrets}: hash of the job's secret values by name, until the job ends;
 *   <li>{@code slipway:events}: stream of every job's state changes, for dashboards;
 *   <li>{@code slipway:leases}: sorted set of running jobs, scored by the epoch ms their worker's lease runs out;
 *   <li>{@code slipway:dispatch}: sorted set of queued jobs still to be published, scored by when (retries, hand-backs);
 *   <li>{@code slipway:control}: pub/sub channel telling workers to act now (cancel, cordon); a hint, never the only path;
 *   <li>{@code slipway:worker:{id}}: hash of a worker's registry entry: {@link #WORKER_STATUS} (JSON of
 *       {@link WorkerStatus}, written by the worker) and {@link #WORKER_ADMIN} ({@link WorkerAdmin}, written by operators);
 *   <li>{@code slipway:workers}: sorted set of worker ids, scored by their last heartbeat (epoch ms);
 *   <li>{@code slipway:pools}: set of every pool that has had jobs;
 *   <li>{@code slipway:routes:{pool}}: hash of the pool's constrained routes ({@link JobTopology#routeFor}) to
 *       their constraints as JSON, so workers find the queues of the constraints they satisfy;
 *   <li>{@code slipway:users}: sorted set of user names (score 0, by name);
 *   <li>{@code slipway:user:{name}}: hash of a user ({@code role}, {@code disabled}, quotas, times);
 *   <li>{@code slipway:user:{name}:tokens}: hash of the user's API tokens by id, as JSON without their secret;
 *   <li>{@code slipway:token:{sha256}}: hash naming the token (id, user, expiry) by the SHA-256 of its secret,
 *       expiring with it: the lookup every authenticated request makes;
 *   <li>{@code slipway:audit}: stream of audit entries (JSON), capped by count and age;
 *   <li>{@code slipway:bootstrap}: set once, by the first gateway of an installation that generated an admin token;
 *   <li>{@code slipway:environment:{id}}: hash of an environment: {@code record} (JSON of {@link EnvironmentRecord}),
 *       {@code state} and {@code version} (what its compare-and-set checks);
 *   <li>{@code slipway:environment:{id}:events}: stream of its {@link EnvironmentEvent.StateChanged};
 *   <li>{@code slipway:environment:{id}:stats}: stream of its {@link EnvironmentEvent.Stats}, capped, written while
 *       {@code slipway:environment:{id}:stats-wanted} exists (a gateway sets it, expiring, while a client watches);
 *   <li>{@code slipway:environments}, {@code …:state:{STATE}}, {@code …:owner:{user}}, {@code …:owner:{user}:state:{STATE}}:
 *       sorted sets of environment ids by id, as for jobs;
 *   <li>{@code slipway:environments:usage:{user}}: hash of what the user's environments hold against the quotas
 *       ({@code count}, {@code millicpus}, {@code memoryMb});
 *   <li>{@code slipway:environments:worker:{id}}: set of the environments a worker hosts that are not over;
 *   <li>{@code slipway:terminal:{{session}}} and its {@code :in}, {@code :out}, {@code :opened}: a terminal
 *       session ({@link #terminal}); {@code slipway:terminal-ticket:{sha256}}: its tickets;
 *       {@code slipway:worker:{id}:terminal-requests} and {@code …:terminals}: a worker's sessions;
 *   <li>{@code slipway:environments:expiry}: sorted set of environments that are not over, by {@code expiresAt} (epoch ms).
 * </ul>
 */
public final class RedisKeys {

    public static final String ALL_JOBS = "slipway:jobs";

    public static final String USERS = "slipway:users";

    /** Sorted set of template names (score 0: by name); each template is {@link #template}. */
    public static final String TEMPLATES = "slipway:templates";

    public static final String AUDIT = "slipway:audit";

    public static final String BOOTSTRAP = "slipway:bootstrap";

    public static final String GLOBAL_EVENTS = "slipway:events";

    /** The global event stream is for live dashboards, not an archive: it keeps roughly this many entries. */
    public static final int GLOBAL_EVENTS_MAX_LENGTH = 100_000;

    /** Sorted set of running attempts' jobs, scored by when their lease runs out on Redis's clock (epoch ms). */
    public static final String LEASES = "slipway:leases";

    /**
     * When a lease sweep last saw Redis, on Redis's clock (epoch ms). A sweep that finds it older than
     * its quiet limit knows nobody could renew or judge in between, and grants every lease a full
     * term before judging any.
     */
    public static final String LEASE_CLOCK = "slipway:leases:seen";

    public static final String DISPATCH = "slipway:dispatch";

    /**
     * Sorted set of jobs waiting for their first attempt, scored by when their queue timeout runs
     * out (epoch ms); workers fail those still waiting then.
     */
    public static final String QUEUE_DEADLINES = "slipway:queue-deadlines";

    public static final String CONTROL_CHANNEL = "slipway:control";

    /** The message on {@link #CONTROL_CHANNEL} asking the owner of a job to stop it: this prefix, then the job id. */
    public static final String CANCEL_PREFIX = "cancel ";

    /** The message on {@link #CONTROL_CHANNEL} asking a worker to read its admin state now: this prefix, then the worker id. */
    public static final String WORKER_PREFIX = "worker ";

    /** The message on {@link #CONTROL_CHANNEL} telling workers that a pool has a new constraint route to look at. */
    public static final String ROUTES_SIGNAL = "routes";

    public static final String WORKERS = "slipway:workers";

    /** Set of every pool that has had jobs. */
    public static final String POOLS = "slipway:pools";

    public static final String WORKER_STATUS = "status";

    public static final String WORKER_ADMIN = "admin";

    /** The field of a stream entry holding the JSON of one {@link JobEvent}. */
    public static final String EVENT_FIELD = "event";

    public static final String ENVIRONMENTS = "slipway:environments";

    public static final String ENVIRONMENT_EXPIRY = ENVIRONMENTS + ":expiry";

    private RedisKeys() {}

    public static String environment(EnvironmentId id) {
        return "slipway:environment:" + id.value();
    }

    public static String environmentEvents(EnvironmentId id) {
        return environment(id) + ":events";
    }

    public static String environmentStats(EnvironmentId id) {
        return environment(id) + ":stats";
    }

    public static String environmentStatsWanted(EnvironmentId id) {
        return environment(id) + ":stats-wanted";
    }

    public static String environmentsInState(EnvironmentState state) {
        return ENVIRONMENTS + ":state:" + state.name();
    }

    public static String environmentsOfOwner(String owner) {
        return ENVIRONMENTS + ":owner:" + owner;
    }

    public static String environmentsOfOwnerInState(String owner, EnvironmentState state) {
        return environmentsOfOwner(owner) + ":state:" + state.name();
    }

    public static String environmentUsage(String owner) {
        return ENVIRONMENTS + ":usage:" + owner;
    }

    /**
     * Hash of the images a worker's host has of those templates name: image reference to JSON of
     * {@link HostImage}; rewritten by the worker every report, expiring when it stops reporting.
     */
    public static String workerImages(WorkerId worker) {
        return worker(worker) + ":images";
    }

    /**
     * Hash of an image pull an operator asked for: {@code request} (JSON of what was asked, and of
     * which workers) and {@code worker:{id}} (JSON of {@link ImagePullProgress}) for each worker.
     */
    public static String imagePull(String pullId) {
        return "slipway:image-pull:" + pullId;
    }

    /** The list where the gateway that asked for an exec waits for its {@link EnvironmentCommand.ExecReply}. */
    public static String execReply(String token) {
        return "slipway:exec-reply:" + token;
    }

    /**
     * A terminal session: a string holding JSON of {@link TerminalSession}. Its keys share the hash tag
     * of the session id, so that a cluster keeps them on one slot.
     */
    public static String terminal(String sessionId) {
        return "slipway:terminal:{" + sessionId + "}";
    }

    /** Stream of the session's frames from clients ({@link TerminalWire#STDIN}, resizes, closes), for its worker. */
    public static String terminalInput(String sessionId) {
        return terminal(sessionId) + ":in";
    }

    /**
     * Stream of the session's frames for clients (output, then the status), capped by bytes by the
     * worker: at least the last {@code replay} bytes of output stay, for a client that reattaches.
     */
    public static String terminalOutput(String sessionId) {
        return terminal(sessionId) + ":out";
    }

    /** The list where the gateway that opened the session waits for its worker to say the shell runs. */
    public static String terminalOpened(String sessionId) {
        return terminal(sessionId) + ":opened";
    }

    /** A single-use ticket to attach to a session, by the SHA-256 of its secret, expiring with it. */
    public static String terminalTicket(String sha256) {
        return "slipway:terminal-ticket:" + sha256;
    }

    /** Stream of the sessions a worker is asked to open (their ids), read by the worker only. */
    public static String workerTerminalRequests(WorkerId worker) {
        return worker(worker) + ":terminal-requests";
    }

    /** Set of the sessions a worker holds a shell for, so that a restarted worker can end what it left. */
    public static String workerTerminals(WorkerId worker) {
        return worker(worker) + ":terminals";
    }

    /** Set of an environment's sessions that are not over. */
    public static String environmentTerminals(EnvironmentId id) {
        return environment(id) + ":terminals";
    }

    public static String workerEnvironments(WorkerId worker) {
        return ENVIRONMENTS + ":worker:" + worker.value();
    }

    public static String job(JobId id) {
        return "slipway:job:" + id.value();
    }

    public static String jobEvents(JobId id) {
        return job(id) + ":events";
    }

    public static String jobLog(JobId id) {
        return job(id) + ":log";
    }

    public static String worker(WorkerId id) {
        return "slipway:worker:" + id.value();
    }

    public static String routes(String pool) {
        return "slipway:routes:" + pool;
    }

    public static String jobsInState(JobState state) {
        return ALL_JOBS + ":state:" + state.name();
    }

    public static String jobsOfOwner(String owner) {
        return ALL_JOBS + ":owner:" + owner;
    }

    public static String jobsOfOwnerInState(String owner, JobState state) {
        return jobsOfOwner(owner) + ":state:" + state.name();
    }

    /** Hash of the files a job kept: path to JSON of {@link ArtifactFile}; lapses with them. */
    public static String jobArtifacts(JobId id) {
        return job(id) + ":artifacts";
    }

    /** Sorted set of jobs with artifacts, scored by when those expire (epoch ms), for the sweeper. */
    public static final String ARTIFACT_EXPIRY = "slipway:artifacts:expiry";

    /**
     * Hash of an uploaded source archive: its owner, size, SHA-256 and times (the bytes are in the
     * artifact store under {@link JobSource#uploadObjectKey}); gone once the upload expired.
     */
    public static String upload(String uploadId) {
        return "slipway:upload:" + uploadId;
    }

    /**
     * Sorted set of uploads scored by when they expire (epoch ms): 24 hours after the upload, pushed
     * on to the job records' retention when a job uses it. The sweeper deletes what is due.
     */
    public static final String UPLOAD_EXPIRY = "slipway:uploads:expiry";

    public static String jobSecrets(JobId id) {
        return job(id) + ":secrets";
    }

    /** A template, as one JSON document (definition, author, times). */
    public static String template(String name) {
        return "slipway:template:" + name;
    }

    public static String user(String name) {
        return "slipway:user:" + name;
    }

    public static String userTokens(String name) {
        return user(name) + ":tokens";
    }

    public static String token(String sha256) {
        return "slipway:token:" + sha256;
    }
}
