package dev.slipway.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.model.Frame;
import dev.slipway.worker.environment.ExecResult;
import dev.slipway.worker.execution.ContainerRuntimeException;
import dev.slipway.worker.terminal.ShellRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * {@link ShellRuntime} over docker-java: {@code docker exec -it}, its input through a pipe that the
 * transport's hijacked connection reads, its output as the engine reads it (with a TTY the stream
 * is raw: no frame headers, stderr merged).
 */
@Component
class DockerShells implements ShellRuntime {

    /**
     * Kills, from inside the container, every process that carries the marker ({@code $1}) in its
     * environment or shares a session with one that does, over a few passes so that what they fork
     * meanwhile goes too. Only {@code /proc}, {@code grep}, {@code sed}, {@code cut} and {@code kill}
     * are needed, which busybox and every distribution have. The marker is matched as a pattern (it
     * holds only letters, digits, {@code _}, {@code =} and {@code -}): busybox's {@code grep -F} stops
     * at the NUL bytes between the variables of {@code /proc/N/environ}. The sessions of process 1 and of this
     * script are never matched, so the container itself is safe.
     */
    static final String KILL_SCRIPT = """
            m="$1"
            stat_session() { sed 's/^.*) //' "$1/stat" 2>/dev/null | cut -d' ' -f4; }
            spare="$(stat_session /proc/1) $(stat_session /proc/$$)"
            pass=0
            while [ "$pass" -lt 5 ]; do
              pass=$((pass + 1))
              sessions=""
              victims=""
              for d in /proc/[0-9]*; do
                [ "${d#/proc/}" = "$$" ] && continue
                if grep -qs "$m" "$d/environ" 2>/dev/null; then
                  victims="$victims ${d#/proc/}"
                  s=$(stat_session "$d")
                  case " $spare " in *" $s "*) ;; *) [ -n "$s" ] && sessions="$sessions $s" ;; esac
                fi
              done
              if [ -n "$sessions" ]; then
                for d in /proc/[0-9]*; do
                  p=${d#/proc/}
                  [ "$p" = "$$" ] && continue
                  s=$(stat_session "$d")
                  case " $sessions " in *" $s "*) victims="$victims $p" ;; esac
                done
              fi
              [ -z "$victims" ] && exit 0
              kill -KILL $victims 2>/dev/null
            done
            exit 1
            """;

    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    /** The engine refuses a resize until the exec runs; the Docker CLI retries as well. */
    private static final int RESIZE_TRIES = 10;

    private static final Logger log = LoggerFactory.getLogger(DockerShells.class);

    private final DockerClient docker;
    private final DockerClient streams;
    private final EnvironmentExecs execs;

    DockerShells(DockerClient docker, @Qualifier("streams") DockerClient streams) {
        this.docker = docker;
        this.streams = streams;
        this.execs = new EnvironmentExecs(docker, streams);
    }

    @Override
    public Shell open(
            String containerId, List<String> command, String marker, int cols, int rows, ShellListener listener) {
        String execId = EnvironmentExecs.created(
                containerId,
                "a shell",
                () -> docker.execCreateCmd(containerId)
                        .withCmd(command.toArray(String[]::new))
                        .withEnv(List.of("TERM=xterm-256color", marker))
                        .withAttachStdin(true)
                        .withAttachStdout(true)
                        .withAttachStderr(true)
                        .withTty(true)
                        .exec()
                        .getId());
        DockerShell shell = new DockerShell(execId, listener);
        EngineCalls.call(
                "starting a shell in container " + containerId,
                () -> streams.execStartCmd(execId)
                        .withDetach(false)
                        .withTty(true)
                        .withStdIn(shell.stdinForEngine)
                        .exec(shell.output));
        shell.resize(cols, rows);
        return shell;
    }

    @Override
    public boolean killAll(String containerId, String marker) {
        ExecResult result = execs.run(
                containerId, List.of("/bin/sh", "-c", KILL_SCRIPT, "kill-session", marker), KILL_TIMEOUT, 4096);
        boolean clean = result instanceof ExecResult.Exited exited && exited.exitCode() == 0;
        if (!clean) {
            log.warn("Processes of a terminal session may be left in container {}: {}", containerId, result);
        }
        return clean;
    }

    private final class DockerShell implements Shell {

        private final String execId;
        private final OutputStream stdin;
        private final InputStream stdinForEngine;
        private final Output output;

        DockerShell(String execId, ShellListener listener) {
            this.execId = execId;
            try {
                Pipe pipe = Pipe.open();
                this.stdin = Channels.newOutputStream(pipe.sink());
                this.stdinForEngine = Channels.newInputStream(pipe.source());
            } catch (IOException e) {
                throw new ContainerRuntimeException("could not make a pipe for a shell's input", e);
            }
            this.output = new Output(listener);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            try {
                stdin.write(bytes, offset, length);
            } catch (IOException e) {
                throw new ContainerRuntimeException("the shell's input is closed", e);
            }
        }

        @Override
        public void resize(int cols, int rows) {
            for (int attempt = 1; ; attempt++) {
                try {
                    docker.resizeExecCmd(execId).withSize(rows, cols).exec();
                    return;
                } catch (RuntimeException e) {
                    if (attempt >= RESIZE_TRIES) {
                        log.debug("Could not resize exec {}: {}", execId, e.toString());
                        return;
                    }
                    try {
                        Thread.sleep(10L * attempt);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        @Override
        public boolean hasEnded() {
            return output.ended;
        }

        @Override
        public @Nullable Integer exitCode() {
            try {
                for (int attempt = 0; attempt < 20; attempt++) {
                    InspectExecResponse exec = docker.inspectExecCmd(execId).exec();
                    Long code = exec.getExitCodeLong();
                    if (!Boolean.TRUE.equals(exec.isRunning())) {
                        return code == null ? null : Math.toIntExact(code);
                    }
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.debug("Could not read the exit code of exec {}: {}", execId, e.toString());
            }
            return null;
        }

        @Override
        public void close() {
            EngineCalls.closeQuietly(stdin);
            output.close();
        }
    }

    /** Hands every read to the listener; its end, however it came, once. */
    private static final class Output extends ResultCallback.Adapter<Frame> {

        private final ShellListener listener;
        private volatile boolean ended;

        Output(ShellListener listener) {
            this.listener = listener;
        }

        @Override
        public void onNext(Frame frame) {
            byte[] payload = frame.getPayload();
            if (payload != null && payload.length > 0) {
                listener.output(payload);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            log.debug("A shell's output ended with an error: {}", throwable.toString());
            end();
        }

        @Override
        public void onComplete() {
            end();
        }

        private void end() {
            if (!ended) {
                ended = true;
                listener.ended();
            }
            try {
                super.close();
            } catch (IOException ignored) {
                // detaching from an ended stream
            }
        }

        @Override
        public void close() {
            try {
                super.close();
            } catch (IOException ignored) {
                // detaching from an ended stream
            }
        }
    }
}
