package dev.slipway.worker.environment;

import dev.slipway.messaging.JobSource;
import dev.slipway.model.EnvironmentCommand;
import dev.slipway.model.EnvironmentRecord;
import dev.slipway.model.EnvironmentState;
import dev.slipway.model.EnvironmentTopology;
import dev.slipway.model.EnvironmentUpdate;
import dev.slipway.model.JobTopology;
import dev.slipway.model.WorkerId;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.intake.IntakeGate;
import dev.slipway.worker.intake.IntakeQueues;
import dev.slipway.worker.intake.SourceSessions;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes environments' messages: creates from the environment queues of this worker's pools (and of
 * the constraint routes its labels satisfy) while it has room, and commands from its own queue.
 * A create is claimed in Redis (PENDING to CREATING, this worker) before it is acknowledged, so a
 * crash in between leaves it to another worker; from then on the environment is pinned here.
 * Messages are prompts: each action runs on a virtual thread of its own, reads the record, and
 * does what it says.
 *
 * <p>On shutdown it takes no more messages and lets running actions finish; the containers stay,
 * for this worker to find again when it comes back.
 */
@Component
class EnvironmentIntake implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EnvironmentIntake.class);
    private static final Duration NO_ROOM_PAUSE = Duration.ofSeconds(1);

    private final JobSource source;
    private final IntakeQueues jobQueues;
    private final IntakeGate gate;
    private final EnvironmentHost host;
    private final HostImages images;
    private final EnvironmentRecords records;
    private final EnvironmentRoom room;
    private final WorkerProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final WorkerId me;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private final ExecutorService actions = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("environment-", 0).factory());
    private final List<Thread> readers = new ArrayList<>();
    private volatile boolean taking;

    EnvironmentIntake(
            JobSource source,
            IntakeQueues jobQueues,
            IntakeGate gate,
            EnvironmentHost host,
            HostImages images,
            EnvironmentRecords records,
            EnvironmentSettings settings,
            WorkerProperties properties,
            JsonMapper json,
            Clock clock) {
        this.source = source;
        this.jobQueues = jobQueues;
        this.gate = gate;
        this.host = host;
        this.images = images;
        this.records = records;
        this.room = new EnvironmentRoom(settings);
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.me = properties.workerId();
    }

    @Override
    public void start() {
        taking = true;
        readers.add(Thread.ofPlatform().name("environment-creates").start(() -> loop("creates", this::placeOne)));
        readers.add(Thread.ofPlatform().name("environment-commands").start(() -> loop("commands", this::commandOne)));
        log.info(
                "Worker {} hosts environments of pools {} and takes their commands from {}",
                me,
                properties.pools(),
                JobTopology.queueForRoute(EnvironmentTopology.workerRoute(me)));
    }

    @Override
    public void stop() {
        taking = false;
        for (Thread reader : readers) {
            try {
                reader.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        readers.clear();
        actions.shutdown();
        try {
            if (!actions.awaitTermination(
                    properties.stopGracePeriod().plusSeconds(10).toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS)) {
                log.warn(
                        "Environment actions still running at shutdown; their records are settled when this worker is back");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return taking;
    }

    /** Stops after the job intake (which drains jobs) and before the fleet membership reports this worker gone. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 10;
    }

    private void loop(String what, SourceSessions.Step step) {
        SourceSessions.run("The reader of environment " + what, source, () -> taking, step);
    }

    private void placeOne(JobSource.Session session) throws IOException, InterruptedException {
        // the count alone, from the worker's set: reading every hosted record waits for a message in hand
        if (!gate.isOpen() || !room.anyRoom(records.hostedIds(me).size())) {
            sleep(NO_ROOM_PAUSE);
            return;
        }
        List<String> queues = createQueues();
        BooleanSupplier wanted = () -> taking && gate.isOpen() && queues.equals(createQueues());
        JobSource.Delivery delivery = session.next(queues, wanted);
        if (delivery == null) {
            return;
        }
        EnvironmentCommand command = read(session, delivery);
        if (!(command instanceof EnvironmentCommand.Create create)) {
            if (command != null) {
                log.warn(
                        "Dropping a {} found on an environment create queue",
                        command.getClass().getSimpleName());
                session.ack(delivery);
            }
            return;
        }
        Optional<EnvironmentRecord> found = records.find(create.environmentId());
        if (found.isEmpty() || found.get().state() != EnvironmentState.PENDING) {
            session.ack(delivery); // a duplicate, or deleted while it waited
            return;
        }
        if (!gate.isOpen() || !room.fits(records.hostedBy(me), found.get().template())) {
            session.requeue(delivery); // for a worker with room, or for this one later
            sleep(NO_ROOM_PAUSE);
            return;
        }
        EnvironmentUpdate claim = records.update(
                create.environmentId(),
                current -> current.state() == EnvironmentState.PENDING
                        ? Optional.of(current.placedOn(me, clock.instant().truncatedTo(ChronoUnit.MILLIS)))
                        : Optional.empty());
        session.ack(delivery);
        if (claim instanceof EnvironmentUpdate.Applied) {
            log.info(
                    "Took environment {} of {}",
                    create.environmentId(),
                    found.get().owner());
            actions.execute(() -> host.create(create.environmentId()));
        }
    }

    private void commandOne(JobSource.Session session) throws IOException, InterruptedException {
        String queue = ownQueue();
        JobSource.Delivery delivery = session.next(List.of(queue), () -> taking);
        if (delivery == null) {
            return;
        }
        EnvironmentCommand command = read(session, delivery);
        if (command == null) {
            return;
        }
        session.ack(delivery); // a prompt: the sweep repeats what a lost one asked
        switch (command) {
            case EnvironmentCommand.Settle settle -> actions.execute(() -> host.settle(settle.environmentId()));
            case EnvironmentCommand.Exec exec -> actions.execute(() -> host.exec(exec));
            case EnvironmentCommand.Create create -> actions.execute(() -> host.create(create.environmentId()));
            case EnvironmentCommand.PullImage pull -> actions.execute(() -> images.pull(pull));
        }
    }

    private @Nullable EnvironmentCommand read(JobSource.Session session, JobSource.Delivery delivery)
            throws IOException {
        try {
            return json.readValue(delivery.body(), EnvironmentCommand.class);
        } catch (JacksonException e) {
            log.error("Dead-lettering an environment message that cannot be read: {}", e.getOriginalMessage());
            session.deadLetter(delivery);
            return null;
        }
    }

    /** The environment queues of this worker's pools and satisfied constraint routes, declared on first use. */
    private List<String> createQueues() {
        List<String> routes = new ArrayList<>();
        properties.pools().forEach(pool -> routes.add(EnvironmentTopology.createRoute(pool, Map.of())));
        jobQueues.constraintRoutes().forEach(route -> routes.add(EnvironmentTopology.createRouteFor(route)));
        return routes.stream().map(this::declaredQueue).toList();
    }

    private String ownQueue() {
        return declaredQueue(EnvironmentTopology.workerRoute(me));
    }

    private String declaredQueue(String route) {
        if (declared.add(route)) {
            try {
                source.declareRoute(route);
            } catch (RuntimeException e) {
                declared.remove(route);
                throw e;
            }
        }
        return JobTopology.queueForRoute(route);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
