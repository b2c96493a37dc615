package dev.slipway.cli.job;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closes a stream that delivered nothing for longer than its silence limit. The gateway sends a
 * keep-alive every 15 s, so a log stream silent for 45 s is a connection that died without a
 * reset (a NAT or proxy that dropped it): closing it makes the follower connect again instead of
 * waiting for the kernel to give up, which takes many minutes.
 */
final class SilenceWatchdog implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "log-stream-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong lastRead = new AtomicLong(System.nanoTime());

    /** @return the stream, counting each read as a sign of life */
    InputStream watch(InputStream stream, Duration limit) {
        long check = Math.max(1, limit.toMillis() / 3);
        var unusedCheck = timer.scheduleWithFixedDelay(
                () -> {
                    if (System.nanoTime() - lastRead.get() > limit.toNanos()) {
                        try {
                            stream.close();
                        } catch (IOException _) {
                            // closing is all we wanted; the reader sees the stream end
                        }
                    }
                },
                check,
                check,
                TimeUnit.MILLISECONDS);
        return new InputStream() {
            @Override
            public int read() throws IOException {
                int read = stream.read();
                lastRead.set(System.nanoTime());
                return read;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int read = stream.read(buffer, offset, length);
                lastRead.set(System.nanoTime());
                return read;
            }

            @Override
            public void close() throws IOException {
                stream.close();
            }
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
