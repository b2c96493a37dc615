package dev.slipway.worker.docker;

import static dev.slipway.worker.docker.EngineCalls.engineFailure;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import dev.slipway.worker.environment.ContainerGoneException;
import dev.slipway.worker.environment.ExecOutput;
import dev.slipway.worker.environment.ExecResult;
import dev.slipway.worker.execution.ContainerRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands run in environment containers ({@code docker exec}), each within its timeout. Docker
 * has no call that ends an exec, so a command past its time is killed from inside the container:
 * it runs under a shell that first prints its own pid, then becomes the command ({@code exec}),
 * and a second exec kills that pid's process group.
 */
final class EnvironmentExecs {

    /** {@code $$} is the shell's pid, which {@code exec} hands on to the command, argv untouched. */
    private static final List<String> PREAMBLE = List.of("/bin/sh", "-c", "echo $$; exec \"$@\"", "sh");

    /** A pid line longer than this is not ours: the output is taken as it is. */
    private static final int MAX_PID_LINE = 24;

    /** How long a kill may take to end the command before it is given up and left running. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(3);

    /** The engine may report an ended exec as running for a moment: how long to ask again. */
    private static final Duration EXIT_CODE_WAIT = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(EnvironmentExecs.class);

    private final DockerClient docker;
    private final DockerClient streams;

    EnvironmentExecs(DockerClient docker, DockerClient streams) {
        this.docker = docker;
        this.streams = streams;
    }

    ExecResult run(String containerId, List<String> command, Duration timeout, int maxOutputBytes) {
        if (command.isEmpty() || timeout.isNegative() || timeout.isZero() || maxOutputBytes < 0) {
            throw new IllegalArgumentException("an exec needs a command, a positive timeout and an output cap");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> wrapped = new ArrayList<>(PREAMBLE);
        wrapped.addAll(command);
        String execId = create(containerId, wrapped);
        Output output = start(execId, containerId, new Output(maxOutputBytes));
        try {
            if (output.awaitEnd(Duration.ofNanos(deadline - System.nanoTime()))) {
                output.throwIfFailed(containerId);
                return new ExecResult.Exited(exitCode(execId, containerId), output.stdout(), output.stderr());
            }
            boolean killed = kill(containerId, output);
            return new ExecResult.TimedOut(timeout, killed, output.stdout(), output.stderr());
        } finally {
            output.close();
        }
    }

    private String create(String containerId, List<String> command) {
        return created(
                containerId,
                "a command",
                () -> docker.execCreateCmd(containerId)
                        .withCmd(command.toArray(String[]::new))
                        .withAttachStdout(true)
                        .withAttachStderr(true)
                        .withAttachStdin(false)
                        .withTty(false)
                        .exec()
                        .getId());
    }

    /** An exec made by {@code create}, the engine's refusals turned into the ports' exceptions. */
    static String created(String containerId, String what, Supplier<String> create) {
        try {
            return create.get();
        } catch (NotFoundException gone) {
            throw new ContainerGoneException(containerId, gone);
        } catch (ConflictException notRunning) {
            throw new ContainerRuntimeException("container " + containerId + " is not running", notRunning);
        } catch (RuntimeException e) {
            throw engineFailure("preparing " + what + " in container " + containerId, e);
        }
    }

    private <T extends ResultCallback<Frame>> T start(String execId, String containerId, T output) {
        return EngineCalls.call(
                "starting a command in container " + containerId,
                () -> streams.execStartCmd(execId)
                        .withDetach(false)
                        .withTty(false)
                        .exec(output));
    }

    private int exitCode(String execId, String containerId) {
        long giveUp = System.nanoTime() + EXIT_CODE_WAIT.toNanos();
        while (true) {
            InspectExecResponse exec = EngineCalls.call(
                    "reading the exit code of a command in container " + containerId,
                    () -> docker.inspectExecCmd(execId).exec());
            Long exitCode = exec.getExitCodeLong();
            if (!Boolean.TRUE.equals(exec.isRunning()) && exitCode != null) {
                return Math.toIntExact(exitCode);
            }
            if (System.nanoTime() - giveUp > 0) {
                throw new ContainerRuntimeException(
                        "a command in container " + containerId + " ended its output but not its run", null);
            }
            sleep(Duration.ofMillis(10));
        }
    }

    /**
     * Kills the command's process group (the command and what it started, unless they left it), or
     * the command alone when it leads no group, and waits for its output to end.
     *
     * @return whether it ended
     */
    private boolean kill(String containerId, Output output) {
        Long pid = output.pid();
        if (pid == null) {
            log.warn("A command in container {} is past its timeout before it said its pid: left running", containerId);
            return false;
        }
        try {
            String killId = create(
                    containerId, List.of("/bin/sh", "-c", "kill -KILL -" + pid + " 2>/dev/null || kill -KILL " + pid));
            try (Output killer = start(killId, containerId, new Output(0))) {
                killer.awaitEnd(KILL_WAIT);
            }
        } catch (ContainerRuntimeException e) {
            // the container may have stopped meanwhile, which ends the command too: the wait tells
            log.warn("Could not kill a command in container {} past its timeout: {}", containerId, e.getMessage());
        }
        boolean ended = output.awaitEnd(KILL_WAIT);
        if (!ended) {
            log.warn("A command in container {} past its timeout did not end when killed: left running", containerId);
        }
        return ended;
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException("interrupted waiting for a command to end", e);
        }
    }

    /**
     * An exec's two streams, each kept up to its cap and read on past it (so the command never
     * blocks writing), with the pid line of the {@link #PREAMBLE} taken off stdout.
     */
    private static final class Output extends ResultCallback.Adapter<Frame> {

        private final Capped stdout;
        private final Capped stderr;
        private final CountDownLatch ended = new CountDownLatch(1);
        private final ByteArrayOutputStream pidLine = new ByteArrayOutputStream();
        private boolean pidRead;
        private @Nullable Long pid;
        private volatile @Nullable Throwable failure;

        Output(int cap) {
            this.stdout = new Capped(cap);
            this.stderr = new Capped(cap);
        }

        @Override
        public void onNext(Frame frame) {
            byte[] payload = frame.getPayload();
            switch (frame.getStreamType()) {
                case STDERR -> stderr.append(payload, 0, payload.length);
                case STDOUT, RAW, STDIN -> onStdout(payload);
            }
        }

        private synchronized void onStdout(byte[] payload) {
            int from = 0;
            while (!pidRead && from < payload.length) {
                byte b = payload[from++];
                if (b == '\n') {
                    pidRead = true;
                    pid = parsePid(pidLine.toString(StandardCharsets.US_ASCII));
                } else if (pidLine.size() >= MAX_PID_LINE) {
                    pidRead = true; // not our line after all: give it back
                    stdout.append(pidLine.toByteArray(), 0, pidLine.size());
                    from--;
                } else {
                    pidLine.write(b);
                }
            }
            stdout.append(payload, from, payload.length - from);
        }

        private static @Nullable Long parsePid(String line) {
            try {
                return Long.parseLong(line.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }

        synchronized @Nullable Long pid() {
            return pid;
        }

        /** Kept for the caller, who decides what it means; docker-java's own would log it at ERROR. */
        @Override
        public void onError(Throwable throwable) {
            failure = throwable;
            close();
            ended.countDown();
        }

        @Override
        public void onComplete() {
            super.onComplete();
            ended.countDown();
        }

        boolean awaitEnd(Duration timeout) {
            try {
                return ended.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerRuntimeException("interrupted waiting for a command to end", e);
            }
        }

        void throwIfFailed(String containerId) {
            Throwable cause = failure;
            if (cause instanceof NotFoundException gone) {
                throw new ContainerGoneException(containerId, gone); // removed while the command ran
            }
            if (cause != null) {
                throw engineFailure(
                        "running a command in container " + containerId,
                        cause instanceof RuntimeException e ? e : new RuntimeException(cause));
            }
        }

        ExecOutput stdout() {
            return stdout.output();
        }

        ExecOutput stderr() {
            return stderr.output();
        }

        @Override
        public void close() {
            try {
                super.close();
            } catch (IOException ignored) {
                // detaching from a finished stream cannot fail in a way that matters
            }
        }
    }

    /** The first bytes of a stream, up to a cap, and whether there were more. */
    private static final class Capped {

        private final int cap;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private boolean cut;

        Capped(int cap) {
            this.cap = cap;
        }

        synchronized void append(byte[] bytes, int offset, int length) {
            int room = Math.min(length, cap - kept.size());
            kept.write(bytes, offset, room);
            cut |= room < length;
        }

        synchronized ExecOutput output() {
            return new ExecOutput(kept.toString(StandardCharsets.UTF_8), cut);
        }
    }
}
