package dev.slipway.cli.job;

import dev.slipway.cli.http.ApiException;
import dev.slipway.cli.http.SseEvent;
import dev.slipway.cli.http.SseReader;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows a job's log stream to its {@code end} event, printing each line on the stream it came
 * from. When the connection drops (a gateway restarts, a proxy cuts it, the client read too slowly)
 * it connects again with the id of the last line it printed, so the gateway continues right after
 * it: no line lost, none repeated. It waits between attempts, doubling from 250 ms to 5 s, and
 * gives up after five minutes without a working connection. A connection silent for longer than
 * three keep-alive intervals counts as dropped ({@link SilenceWatchdog}). A gateway that refuses the very first
 * connection is an error at once, unless the caller just reached it (a submission), since a
 * mistyped URL should not look like an outage.
 */
final class LogFollower {

    /** Opens the stream; {@code lastEventId} is null for the start of the log. */
    interface Connection {
        InputStream open(@Nullable String lastEventId) throws IOException, InterruptedException;
    }

    /** Where the job's lines go. */
    interface Output {
        void stdout(String line);

        void stderr(String line);
    }

    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);
    /** Three of the gateway's keep-alive intervals (15 s). */
    static final Duration SILENCE_LIMIT = Duration.ofSeconds(45);

    private final Connection connection;
    private final Output output;
    private final Consumer<String> notices;
    private final Sleeper sleeper;
    private final JsonMapper json;
    private final boolean gatewayReached;
    private final Duration silenceLimit;

    LogFollower(
            Connection connection,
            Output output,
            Consumer<String> notices,
            Sleeper sleeper,
            JsonMapper json,
            boolean gatewayReached,
            Duration silenceLimit) {
        this.gatewayReached = gatewayReached;
        this.silenceLimit = silenceLimit;
        this.connection = connection;
        this.output = output;
        this.notices = notices;
        this.sleeper = sleeper;
        this.json = json;
    }

    JobEnd follow() throws IOException, InterruptedException {
        String lastEventId = null;
        boolean connected = gatewayReached;
        Duration backoff = FIRST_BACKOFF;
        Duration waited = Duration.ZERO;
        while (true) {
            String failure;
            try (SilenceWatchdog watchdog = new SilenceWatchdog();
                    SseReader events = new SseReader(watchdog.watch(connection.open(lastEventId), silenceLimit))) {
                connected = true;
                SseEvent event;
                while ((event = events.next()) != null) {
                    switch (event.type()) {
                        case "stdout" -> output.stdout(event.data());
                        case "stderr" -> output.stderr(event.data());
                        case "end" -> {
                            return JobEnd.of(json.readTree(event.data()));
                        }
                        default -> {
                            // an event type of a later gateway: nothing to print
                        }
                    }
                    if (event.id() != null) {
                        lastEventId = event.id();
                    }
                    backoff = FIRST_BACKOFF;
                    waited = Duration.ZERO;
                }
                failure = "the stream ended before the job did";
            } catch (IOException e) {
                if (!connected) {
                    throw e;
                }
                failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            } catch (ApiException e) {
                if (!e.transientFailure()) {
                    throw e;
                }
                failure = e.getMessage();
            }
            if (waited.compareTo(GIVE_UP_AFTER) >= 0) {
                throw new IOException("gave up following the log after " + waited.toSeconds() + " s: " + failure);
            }
            notices.accept("log stream lost (" + failure + "); resuming in " + backoff.toMillis() + " ms");
            sleeper.sleep(backoff);
            waited = waited.plus(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }
}
