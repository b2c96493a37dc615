package dev.slipway.worker.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.TerminalSession;
import dev.slipway.model.TerminalWire;
import dev.slipway.model.WorkerId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class OutputPumpTest {

    @Test
    void outputReachesTheStreamInOrderAndBurstsGoOutAsFewEntries() throws Exception {
        SlowStore store = new SlowStore();
        OutputPump pump = new OutputPump("s", store, 64 * 1024, 4 * 1024 * 1024);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = ("line " + i + "\r\n").getBytes(StandardCharsets.UTF_8);
            sent.write(bytes);
            pump.offer(bytes);
        }
        store.release.countDown();
        assertThat(pump.finish(status(), Duration.ofSeconds(5))).isTrue();

        assertThat(store.output()).isEqualTo(sent.toByteArray());
        assertThat(store.frames.size())
                .as("entries for 2000 writes made while Redis was slow")
                .isLessThan(20);
        assertThat(store.frames.getLast()[0]).as("the status comes last").isEqualTo(TerminalWire.STATUS);
    }

    @Test
    void theStreamIsCutByBytesKeepingTheReplayAndRoomForAReaderBehind() {
        SlowStore store = new SlowStore();
        store.release.countDown();
        long replay = 1000;
        long slack = 3000;
        OutputPump pump = new OutputPump("s", store, replay, slack);
        for (int i = 0; i < 100; i++) {
            pump.offer(new byte[100]);
            awaitWritten(store, i + 1);
        }
        pump.finish(status(), Duration.ofSeconds(5));

        assertThat(store.trimmedBefore).isNotEmpty();
        int firstKept = store.ids.indexOf(store.trimmedBefore.getLast());
        long kept = 0;
        for (int i = firstKept; i < store.frames.size(); i++) {
            kept += store.frames.get(i).length - 1;
        }
        assertThat(kept)
                .as("output left in the stream: the replay and half the slack, for a reader behind")
                .isGreaterThanOrEqualTo(replay + slack / 2)
                .isLessThanOrEqualTo(replay + slack + 100);
    }

    private static void awaitWritten(SlowStore store, int frames) {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (store.frameCount() < frames && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private static byte[] status() {
        return TerminalWire.frame(
                TerminalWire.STATUS, "{\"exitCode\":0,\"reason\":\"exited\"}".getBytes(StandardCharsets.UTF_8));
    }

    /** Holds the first write until released, as a Redis that is slow for a moment would. */
    private static final class SlowStore implements TerminalStore {
        final CountDownLatch release = new CountDownLatch(1);
        final List<byte[]> frames = new ArrayList<>();
        final List<String> ids = new ArrayList<>();
        final List<String> trimmedBefore = new ArrayList<>();

        @Override
        public synchronized String appendOutput(String sessionId, byte[] frame) {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            frames.add(frame);
            String id = frames.size() + "-0";
            ids.add(id);
            return id;
        }

        synchronized int frameCount() {
            return frames.size();
        }

        synchronized byte[] output() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (byte[] frame : frames) {
                if (frame[0] == TerminalWire.OUTPUT) {
                    all.write(frame, 1, frame.length - 1);
                }
            }
            return all.toByteArray();
        }

        @Override
        public synchronized void trimOutput(String sessionId, String minId) {
            trimmedBefore.add(minId);
        }

        @Override
        public Optional<TerminalSession> find(String sessionId) {
            return Optional.empty();
        }

        @Override
        public void save(TerminalSession session) {}

        @Override
        public void answerOpen(String sessionId, String answer) {}

        @Override
        public void hold(WorkerId worker, TerminalSession session) {}

        @Override
        public Set<String> heldBy(WorkerId worker) {
            return Set.of();
        }

        @Override
        public void release(WorkerId worker, TerminalSession session, Duration keep) {}

        @Override
        public void audit(String actor, String action, String target, String outcome, String source) {}
    }
}
