package dev.slipway.worker.execution;

import dev.slipway.model.JobId;
import dev.slipway.model.LogChunkText;
import dev.slipway.model.LogStream;
import dev.slipway.worker.output.OutputListener;
import io.github.resilience4j.core.IntervalFunction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects one attempt's output: splits it into lines, keeps at most the cap, and writes lines to
 * the {@link JobLog} in chunks, one entry per batch window, so a chatty build costs a few round
 * trips a second instead of one per line. While the log store fails, lines stay buffered and the write
 * is retried; when the buffer is full, {@link #onOutput} blocks, which stops reading the container's
 * output, so the container waits instead of lines being lost.
 *
 * <p>Lines go from the container's output straight into the bytes of the chunk that will be
 * written ({@link LogChunkText.Builder}): no object per line. A chunk is sealed when it holds the
 * most lines or bytes a batch may, or when its window has passed since its first line.
 */
final class LogCollector implements OutputListener {

    private static final Logger log = LoggerFactory.getLogger(LogCollector.class);
    /** Between tries to write while the log store is away: 50 ms, doubling, at most 2 s. */
    private static final IntervalFunction WRITE_RETRY =
            IntervalFunction.ofExponentialBackoff(Duration.ofMillis(50), 2, Duration.ofSeconds(2));

    private static final int FIRST_CHUNK_CAPACITY = 4096;

    private final JobId job;
    private final int attempt;
    private final JobLog jobLog;
    private final LogSettings settings;
    private final Clock clock;
    private final LineSplitter stdout;
    private final LineSplitter stderr;
    private final Thread flusher;

    private final Object lock = new Object();
    private final ArrayDeque<LogChunkText.Builder> sealed = new ArrayDeque<>();
    private LogChunkText.@Nullable Builder open;
    private long openSinceNanos;
    /** Bytes of the chunks not yet written, the one being written included: what the buffer limit bounds. */
    private long heldBytes;

    private long keptBytes;
    private long droppedBytes;
    private long droppedLines;
    private boolean printedAfterClose;
    /** Set first thing in close(): a reader waiting for buffer space stops waiting, so close() can take the splitters. */
    private boolean closing;

    private boolean closed;
    private boolean flusherDone;

    /** @param masker replaces the job's secret values in every line before it is kept */
    LogCollector(JobId job, int attempt, JobLog jobLog, LogSettings settings, Clock clock, SecretMasker masker) {
        this.job = job;
        this.attempt = attempt;
        this.jobLog = jobLog;
        this.settings = settings;
        this.clock = clock;
        this.stdout = new LineSplitter(settings.maxLineBytes(), lineHandler(LogStream.STDOUT, masker));
        this.stderr = new LineSplitter(settings.maxLineBytes(), lineHandler(LogStream.STDERR, masker));
        this.flusher = Thread.ofVirtual().name("log-flusher-" + job).start(this::flushLoop);
    }

    private LineSplitter.LineHandler lineHandler(LogStream stream, SecretMasker masker) {
        if (masker.masksNothing()) {
            return (bytes, offset, length) -> add(stream, bytes, offset, length);
        }
        return (bytes, offset, length) -> {
            SecretMasker.Line line = masker.mask(bytes, offset, length);
            add(stream, line.bytes(), line.offset(), line.length());
        };
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
        for (String piece : ("[slipway] " + text).split("\n", -1)) {
            byte[] line = piece.getBytes(StandardCharsets.UTF_8);
            add(LogStream.STDERR, line, 0, line.length);
        }
    }

    private void add(LogStream stream, byte[] bytes, int offset, int length) {
        synchronized (lock) {
            if (keptBytes + length + 1 > settings.capBytes()) {
                droppedBytes += length + 1;
                droppedLines++;
                return;
            }
            if (flusherDone) {
                if (!printedAfterClose) {
                    printedAfterClose = true;
                    log.warn("Job {} printed after its log was closed; what follows is dropped", job);
                }
                return;
            }
            keptBytes += length + 1;
            append(stream, bytes, offset, length);
            // A soft limit: once closing, the line in hand is taken over it rather than holding close() up.
            while (heldBytes > settings.bufferLimitBytes() && !flusherDone && !closing) {
                waitQuietly(100);
            }
        }
    }

    /** Adds a line to the open chunk, opening one if need be; holds the lock. */
    private void append(LogStream stream, byte[] bytes, int offset, int length) {
        if (open == null) {
            open = new LogChunkText.Builder(attempt, clock.millis(), FIRST_CHUNK_CAPACITY);
            openSinceNanos = System.nanoTime();
            heldBytes += open.size();
            lock.notifyAll(); // the flusher times the window from now
        }
        int before = open.size();
        open.line(stream, bytes, offset, length);
        heldBytes += open.size() - before;
        if (open.lines() >= settings.batchMaxLines() || open.size() >= settings.batchMaxBytes()) {
            seal();
            lock.notifyAll();
        }
    }

    /** Closes the open chunk to further lines, making it the next to be written; holds the lock. */
    private void seal() {
        if (open != null) {
            sealed.add(open);
            open = null;
        }
    }

    /**
     * Flushes every line, including a last line without a newline and the truncation notice. Waits
     * for the log store for at most {@code patience}; false when lines were given up. The end marker is
     * not written here: it goes with the job's terminal state, once the attempt has been settled.
     */
    boolean close(Duration patience) {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        synchronized (stdout) {
            stdout.flush();
        }
        synchronized (stderr) {
            stderr.flush();
        }
        synchronized (lock) {
            if (droppedLines > 0) {
                byte[] notice = ("[slipway] output truncated: " + droppedLines + " lines (" + droppedBytes
                                + " bytes) past the cap of " + settings.capBytes() + " bytes were dropped")
                        .getBytes(StandardCharsets.UTF_8);
                append(LogStream.STDERR, notice, 0, notice.length);
            }
            seal();
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
                LogChunkText.Builder chunk;
                synchronized (lock) {
                    while ((chunk = nextChunk()) == null) {
                        if (closed) {
                            return;
                        }
                        lock.wait(open == null ? 1000 : Math.max(1, windowLeftMillis()));
                    }
                }
                byte[] bytes = chunk.toByteArray();
                withRetry(() -> jobLog.append(job, attempt, bytes), Long.MAX_VALUE);
                synchronized (lock) {
                    heldBytes -= bytes.length;
                    lock.notifyAll(); // a reader blocked on a full buffer may go on
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

    /**
     * The next chunk to write: a sealed one, else the open one once its window has passed or the
     * collector is closed (a frame can still arrive after close, from a stream being torn down); holds the lock.
     */
    private LogChunkText.@Nullable Builder nextChunk() {
        if (sealed.isEmpty() && open != null && (closed || windowLeftMillis() <= 0)) {
            seal();
        }
        return sealed.poll();
    }

    private long windowLeftMillis() {
        return settings.batchWindow().toMillis() - (System.nanoTime() - openSinceNanos) / 1_000_000;
    }

    private void withRetry(Runnable write, long deadlineNanos) {
        int failures = 0;
        while (true) {
            try {
                write.run();
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadlineNanos || Thread.currentThread().isInterrupted()) {
                    log.error("Could not write to the log of job {}: {}", job, e.toString());
                    return;
                }
                long delayMillis = WRITE_RETRY.apply(++failures);
                log.warn("Writing the log of job {} failed, retrying in {} ms: {}", job, delayMillis, e.toString());
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    // Every caller waits in a loop on its own condition; this only bounds one wait.
    @SuppressWarnings("WaitNotInLoop")
    private void waitQuietly(long millis) {
        try {
            lock.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
