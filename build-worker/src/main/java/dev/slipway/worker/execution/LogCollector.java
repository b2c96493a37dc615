package dev.slipway.worker.execution;

import dev.slipway.model.JobId;
import dev.slipway.model.LogLine;
import dev.slipway.model.LogStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects one attempt's output: splits it into lines, keeps at most the cap, and writes lines to
 * the {@link LogSink} in batches, one entry per batch window, so a chatty build costs a few round
 * trips a second instead of one per line. While the sink fails, lines stay buffered and the write
 * is retried; when the buffer is full, {@link #onOutput} blocks, which stops reading the container's
 * output, so the container waits instead of lines being lost.
 */
final class LogCollector implements OutputListener {

    private static final Logger log = LoggerFactory.getLogger(LogCollector.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(2);

    private final JobId job;
    private final int attempt;
    private final LogSink sink;
    private final LogSettings settings;
    private final Clock clock;
    private final LineSplitter stdout;
    private final LineSplitter stderr;
    private final Thread flusher;

    private final Object lock = new Object();
    private final ArrayDeque<LogLine> pending = new ArrayDeque<>();
    private long pendingBytes;
    private long pendingSinceNanos;
    private long keptBytes;
    private long droppedBytes;
    private long droppedLines;
    private boolean closed;
    private boolean flusherDone;

    LogCollector(JobId job, int attempt, LogSink sink, LogSettings settings, Clock clock) {
        this.job = job;
        this.attempt = attempt;
        this.sink = sink;
        this.settings = settings;
        this.clock = clock;
        this.stdout = new LineSplitter(settings.maxLineBytes(), (text, bytes) -> add(LogStream.STDOUT, text, bytes));
        this.stderr = new LineSplitter(settings.maxLineBytes(), (text, bytes) -> add(LogStream.STDERR, text, bytes));
        this.flusher = Thread.ofVirtual().name("log-flusher-" + job).start(this::flushLoop);
    }

    @Override
    public void onOutput(LogStream stream, byte[] bytes, int offset, int length) {
        // One splitter per stream; the engine delivers one frame at a time, so no frame interleaves another.
        synchronized (stream == LogStream.STDOUT ? stdout : stderr) {
            (stream == LogStream.STDOUT ? stdout : stderr).accept(bytes, offset, length);
        }
    }

    /** Adds a line of the platform's own (a pull error, a timeout notice) to the job's log. */
    void note(String text) {
        add(LogStream.STDERR, "[slipway] " + text, text.length());
    }

    private void add(LogStream stream, String text, int bytes) {
        synchronized (lock) {
            if (keptBytes + bytes + 1 > settings.capBytes()) {
                droppedBytes += bytes + 1;
                droppedLines++;
                return;
            }
            keptBytes += bytes + 1;
            boolean first = pending.isEmpty();
            if (first) {
                pendingSinceNanos = System.nanoTime();
            }
            pending.add(new LogLine(stream, clock.millis(), text));
            pendingBytes += text.length() + 1; // an estimate of memory, matched when the batch is written
            // Wake the flusher only when it has something new to decide: a window opened or a batch is full.
            if (first || pending.size() == settings.batchMaxLines() || batchFull()) {
                lock.notifyAll();
            }
            while (pendingBytes > settings.bufferLimitBytes() && !flusherDone) {
                waitQuietly(100);
            }
        }
    }

    /**
     * Flushes every line, including a last line without a newline and the truncation notice. Waits
     * for the sink for at most {@code patience}; false when lines were given up. The end marker is
     * not written here: it goes with the job's terminal state, once the attempt has been settled.
     */
    boolean close(Duration patience) {
        synchronized (stdout) {
            stdout.flush();
        }
        synchronized (stderr) {
            stderr.flush();
        }
        synchronized (lock) {
            if (droppedLines > 0) {
                String notice = "[slipway] output truncated: " + droppedLines + " lines (" + droppedBytes
                        + " bytes) past the cap of " + settings.capBytes() + " bytes were dropped";
                pending.add(new LogLine(LogStream.STDERR, clock.millis(), notice));
            }
            closed = true;
            lock.notifyAll();
        }
        try {
            flusher.join(patience);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (flusher.isAlive()) {
            log.error("Gave up writing the log of job {} after {}: the log store is unreachable", job, patience);
            flusher.interrupt();
            return false;
        }
        return true;
    }

    private void flushLoop() {
        try {
            while (true) {
                Batch batch;
                synchronized (lock) {
                    while (!readyToFlush()) {
                        long waitMillis = pending.isEmpty()
                                ? 1000
                                : Math.max(1, settings.batchWindow().toMillis()
                                        - (System.nanoTime() - pendingSinceNanos) / 1_000_000);
                        lock.wait(waitMillis);
                    }
                    if (pending.isEmpty() && closed) {
                        return;
                    }
                    batch = takeBatch();
                }
                withRetry(() -> sink.append(job, attempt, batch.lines()), Long.MAX_VALUE);
                synchronized (lock) {
                    pendingBytes -= batch.bytes();
                    lock.notifyAll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (lock) {
                flusherDone = true;
                lock.notifyAll();
            }
        }
    }

    private boolean readyToFlush() {
        if (closed) {
            return true;
        }
        return !pending.isEmpty()
                && (pending.size() >= settings.batchMaxLines()
                        || batchFull()
                        || System.nanoTime() - pendingSinceNanos >= settings.batchWindow().toNanos());
    }

    /**
     * Whether the lines held make a batch by size alone (held includes a batch being written, which
     * only makes the next one leave sooner; a wake-up per line past it costs nothing, the flusher is awake).
     */
    private boolean batchFull() {
        return pendingBytes >= settings.batchMaxBytes();
    }

    /** Lines taken for one write, with their size as {@code pendingBytes} counts it. */
    private record Batch(List<LogLine> lines, long bytes) {}

    private Batch takeBatch() {
        List<LogLine> lines = new ArrayList<>(Math.min(pending.size(), settings.batchMaxLines()));
        long bytes = 0;
        while (!pending.isEmpty() && lines.size() < settings.batchMaxLines() && bytes < settings.batchMaxBytes()) {
            LogLine line = pending.poll();
            bytes += line.text().length() + 1;
            lines.add(line);
        }
        // Lines left behind have waited since before this batch was taken: flush them promptly too.
        return new Batch(lines, bytes);
    }

    private void withRetry(Runnable write, long deadlineNanos) {
        long delayMillis = 50;
        while (true) {
            try {
                write.run();
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadlineNanos || Thread.currentThread().isInterrupted()) {
                    log.error("Could not write to the log of job {}: {}", job, e.toString());
                    return;
                }
                log.warn("Writing the log of job {} failed, retrying in {} ms: {}", job, delayMillis, e.toString());
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                delayMillis = Math.min(delayMillis * 2, MAX_RETRY_DELAY.toMillis());
            }
        }
    }

    private void waitQuietly(long millis) {
        try {
            lock.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
