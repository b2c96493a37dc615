package dev.slipway.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.slipway.model.JobId;
import dev.slipway.model.LogStream;
import dev.slipway.testing.LogChunks;
import dev.slipway.testing.LogLine;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LogCollectorTest {

    private static final JobId JOB = JobId.of("019a5f3c-7d2e-7a41-9b3c-1f2e3d4c5b6a");

    /** Records what was written; fails the first {@code failures} appends like an unreachable Redis. */
    private static final class RecordingSink implements JobLog {
        final List<List<LogLine>> batches = new ArrayList<>();
        final AtomicInteger failuresLeft;

        RecordingSink(int failures) {
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public synchronized void append(JobId job, int attempt, byte[] chunk) {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("redis is away");
            }
            batches.add(LogChunks.decode(chunk).lines());
        }

        synchronized List<String> texts() {
            return batches.stream().flatMap(List::stream).map(LogLine::text).toList();
        }
    }

    private static LogSettings settings(long capBytes) {
        return new LogSettings(Duration.ofMillis(20), 100, 1 << 20, 1024, capBytes, 1 << 20);
    }

    private static void print(LogCollector collector, LogStream stream, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        collector.onOutput(stream, bytes, 0, bytes.length);
    }

    @Test
    void noBatchCarriesMuchMoreThanTheSizeCapHoweverManyLinesWait() {
        RecordingSink sink = new RecordingSink(0);
        LogSettings smallBatches = new LogSettings(Duration.ofMillis(20), 100, 100, 1024, 1 << 20, 1 << 20);
        LogCollector collector = new LogCollector(JOB, 1, sink, smallBatches, Clock.systemUTC(), SecretMasker.NONE);
        String thirtyBytes = "x".repeat(29);
        StringBuilder output = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            output.append(thirtyBytes).append('\n');
        }

        print(collector, LogStream.STDOUT, output.toString());
        collector.close(Duration.ofSeconds(5));

        assertThat(sink.texts()).hasSize(40);
        // 4 lines of 30 bytes reach the 100-byte cap; the line count (100) would have allowed all 40.
        assertThat(sink.batches).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(4));
    }

    @Test
    void manyLinesAreWrittenInFewBatchesInOrder() {
        RecordingSink sink = new RecordingSink(0);
        LogCollector collector =
                new LogCollector(JOB, 1, sink, settings(1 << 20), Clock.systemUTC(), SecretMasker.NONE);
        StringBuilder output = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            output.append(i).append('\n');
        }

        print(collector, LogStream.STDOUT, output.toString());
        assertThat(collector.close(Duration.ofSeconds(5)))
                .as("every line written")
                .isTrue();

        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            expected.add(String.valueOf(i));
        }
        assertThat(sink.texts()).containsExactlyElementsOf(expected);
        assertThat(sink.batches)
                .hasSizeLessThanOrEqualTo(20)
                .allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(100));
    }

    @Test
    void linesSurviveASinkThatFailsForAWhile() {
        RecordingSink sink = new RecordingSink(3);
        LogCollector collector =
                new LogCollector(JOB, 1, sink, settings(1 << 20), Clock.systemUTC(), SecretMasker.NONE);

        print(collector, LogStream.STDOUT, "a\nb\n");
        print(collector, LogStream.STDERR, "c\n");
        assertThat(collector.close(Duration.ofSeconds(10)))
                .as("every line written")
                .isTrue();

        assertThat(sink.texts()).containsExactly("a", "b", "c");
    }

    @Test
    void outputPastTheCapIsDroppedWithAVisibleNotice() {
        RecordingSink sink = new RecordingSink(0);
        LogCollector collector = new LogCollector(JOB, 1, sink, settings(10), Clock.systemUTC(), SecretMasker.NONE);

        print(collector, LogStream.STDOUT, "1234\n5678\nabcd\nefgh\n");
        assertThat(collector.close(Duration.ofSeconds(5)))
                .as("every line written")
                .isTrue();

        assertThat(sink.texts()).startsWith("1234", "5678");
        assertThat(sink.texts().getLast()).contains("output truncated: 2 lines (10 bytes)");
        assertThat(sink.texts()).doesNotContain("abcd", "efgh");
    }

    @Test
    void streamsAreTaggedAndALastLineWithoutNewlineIsKept() {
        RecordingSink sink = new RecordingSink(0);
        LogCollector collector =
                new LogCollector(JOB, 1, sink, settings(1 << 20), Clock.systemUTC(), SecretMasker.NONE);

        print(collector, LogStream.STDERR, "warning\n");
        print(collector, LogStream.STDOUT, "no newline at the end");
        assertThat(collector.close(Duration.ofSeconds(5)))
                .as("every line written")
                .isTrue();

        List<LogLine> lines = sink.batches.stream().flatMap(List::stream).toList();
        assertThat(lines)
                .extracting(LogLine::stream, LogLine::text)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LogStream.STDERR, "warning"),
                        org.assertj.core.groups.Tuple.tuple(LogStream.STDOUT, "no newline at the end"));
    }

    @Test
    void aLoneLineIsWrittenWhenItsBatchWindowPassesNotOnlyAtTheEnd() throws InterruptedException {
        RecordingSink sink = new RecordingSink(0);
        LogCollector collector =
                new LogCollector(JOB, 1, sink, settings(1 << 20), Clock.systemUTC(), SecretMasker.NONE);

        print(collector, LogStream.STDOUT, "alone\n");
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (sink.texts().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }

        assertThat(sink.texts())
                .as("written within the 20 ms window, before close")
                .containsExactly("alone");
        collector.close(Duration.ofSeconds(5));
    }

    @Test
    void aPlatformNoteOfSeveralLinesStaysSeveralStderrLines() {
        RecordingSink sink = new RecordingSink(0);
        LogCollector collector =
                new LogCollector(JOB, 1, sink, settings(1 << 20), Clock.systemUTC(), SecretMasker.NONE);

        collector.note("pull failed:\nmanifest unknown");
        collector.close(Duration.ofSeconds(5));

        List<LogLine> lines = sink.batches.stream().flatMap(List::stream).toList();
        assertThat(lines).extracting(LogLine::stream).containsOnly(LogStream.STDERR);
        assertThat(lines).extracting(LogLine::text).containsExactly("[slipway] pull failed:", "manifest unknown");
    }

    @Test
    void closeGivesUpAfterItsPatienceEvenWhileTheReaderWaitsForBufferSpace() throws Exception {
        RecordingSink sink = new RecordingSink(Integer.MAX_VALUE); // Redis never comes back
        LogSettings tinyBuffer = new LogSettings(Duration.ofMillis(20), 100, 1 << 20, 1024, 1 << 20, 64);
        LogCollector collector = new LogCollector(JOB, 1, sink, tinyBuffer, Clock.systemUTC(), SecretMasker.NONE);
        Thread reader = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 100; i++) {
                print(collector, LogStream.STDOUT, "line " + i + "\n");
            }
        });
        Thread.sleep(200); // by now the reader waits for space in the full buffer, holding its splitter

        boolean complete =
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> collector.close(Duration.ofSeconds(1)));

        assertThat(complete).as("lines were given up").isFalse();
        reader.join(10_000);
        assertThat(reader.isAlive()).as("the reader was let go too").isFalse();
    }
}
