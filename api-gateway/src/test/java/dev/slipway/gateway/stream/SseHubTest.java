package dev.slipway.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The live phase of an event stream, driven by hand: the test plays the shared reader and the slow client. */
class SseHubTest {

    /** {@code SseHub.LIVE_BACKLOG_CAPACITY}. */
    private static final int CAPACITY = 2048;

    /** A stream with no history that hands the live listener to the test. */
    private static class HandDrivenStreams implements EventStreams {
        volatile @Nullable Consumer<StreamEntry> listener;

        @Override
        public List<StreamEntry> readAfter(String key, @Nullable String afterId, int count) {
            return List.of();
        }

        @Override
        public @Nullable String lastId(String key) {
            return null;
        }

        @Override
        public Subscription subscribe(String key, String afterId, Consumer<StreamEntry> listener) {
            this.listener = listener;
            return () -> {};
        }
    }

    /** Describes the first place where the written ids are not 1-1, 1-2, 1-3, ...; null when there is none. */
    private static @Nullable String firstGap(List<String> written) {
        for (int i = 0; i < written.size(); i++) {
            if (!written.get(i).equals("1-" + (i + 1))) {
                return "after " + (i == 0 ? "the start" : written.get(i - 1)) + " came " + written.get(i);
            }
        }
        return null;
    }

    private static StreamEntry entry(int n) {
        return new StreamEntry("1-" + n, ("payload " + n).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A client too slow for its live queue is disconnected so that it resumes from its Last-Event-ID.
     * That is only lossless if nothing after the first dropped entry reaches it: an entry written
     * after a gap moves its Last-Event-ID past the entries it never got.
     */
    @Test
    void aClientTooSlowForItsLiveQueueIsClosedWithoutAnEntryAfterTheOneItMissed() throws Exception {
        HandDrivenStreams streams = new HandDrivenStreams();
        SseHub session = new SseHub(streams, Duration.ofHours(1));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/jobs/x/logs");
        request.setAsyncSupported(true);
        MockHttpServletResponse response = new MockHttpServletResponse();
        Semaphore writes = new Semaphore(0);
        BlockingQueue<String> writing = new LinkedBlockingQueue<>();
        List<String> written = Collections.synchronizedList(new ArrayList<>());

        session.serve(request, response, SseStream.endless("stream", EventStreams.BEGINNING, (entry, out) -> {
            writing.add(entry.id());
            writes.acquireUninterruptibly(); // the client reads one entry per permit
            written.add(entry.id());
            out.event(entry.id(), "stdout", entry.data());
            return false;
        }));
        Consumer<StreamEntry> reader = streams.listener;
        assertThat(reader).isNotNull();

        reader.accept(entry(1));
        assertThat(writing.poll(5, TimeUnit.SECONDS)).isEqualTo("1-1"); // the writer is stuck on entry 1
        for (int n = 2; n <= CAPACITY + 1; n++) {
            reader.accept(entry(n)); // fills the queue
        }
        reader.accept(entry(CAPACITY + 2)); // over capacity: dropped
        writes.release(2); // the client reads entries 1 and 2; the writer is stuck on 3
        assertThat(writing.poll(5, TimeUnit.SECONDS)).isEqualTo("1-2");
        assertThat(writing.poll(5, TimeUnit.SECONDS)).isEqualTo("1-3");
        reader.accept(entry(CAPACITY + 3)); // there is room again, but the stream already has a gap
        writes.release(1_000_000);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (request.isAsyncStarted() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(request.isAsyncStarted())
                .as("the overflowed stream was closed")
                .isFalse();
        assertThat(firstGap(written)).as("what the client got has no gap").isNull();
        assertThat(written).doesNotContain("1-" + (CAPACITY + 2));
    }

    /**
     * A log's entries can each weigh half a MiB: its history is read a few entries at a time, so one
     * viewer of a long log never makes the gateway hold more than the read budget.
     */
    @Test
    void aLogsHistoryIsReadInPagesOfTheStreamsSizeNotAllAtOnce() throws Exception {
        List<Integer> asked = Collections.synchronizedList(new ArrayList<>());
        EventStreams history = new HandDrivenStreams() {
            @Override
            public List<StreamEntry> readAfter(String key, @Nullable String afterId, int count) {
                asked.add(count);
                int after = afterId == null || afterId.equals(EventStreams.BEGINNING)
                        ? 0
                        : Integer.parseInt(afterId.substring(2));
                List<StreamEntry> page = new ArrayList<>();
                for (int n = after + 1; n <= Math.min(20, after + count); n++) {
                    page.add(entry(n));
                }
                return page;
            }
        };
        SseHub hub = new SseHub(history, Duration.ofHours(1));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/jobs/x/logs");
        request.setAsyncSupported(true);
        List<String> written = new ArrayList<>();

        hub.serve(
                request,
                new MockHttpServletResponse(),
                new SseStream(
                        "log",
                        EventStreams.BEGINNING,
                        (entry, out) -> {
                            written.add(entry.id());
                            return entry.id().equals("1-20");
                        },
                        null,
                        7));

        assertThat(firstGap(written)).isNull();
        assertThat(written).hasSize(20);
        assertThat(asked).as("entries asked for per read").containsOnly(7);
    }

    /** One ticker serves every stream: each still gets a keep-alive every interval. */
    @Test
    void everyLiveStreamGetsAKeepAliveEachInterval() throws Exception {
        SseHub hub = new SseHub(new HandDrivenStreams(), Duration.ofMillis(160));
        List<MockHttpServletResponse> responses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/events");
            request.setAsyncSupported(true);
            MockHttpServletResponse response = new MockHttpServletResponse();
            responses.add(response);
            hub.serve(request, response, SseStream.endless("stream", EventStreams.BEGINNING, (entry, out) -> false));
        }
        assertThat(hub.liveStreams()).isEqualTo(40);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && !responses.stream().allMatch(r -> keepAlives(r) >= 3)) {
            Thread.sleep(20);
        }
        assertThat(responses).allSatisfy(r -> assertThat(keepAlives(r)).isGreaterThanOrEqualTo(3));
        hub.stop();
        assertThat(hub.liveStreams()).isZero();
    }

    private static int keepAlives(MockHttpServletResponse response) {
        String content = new String(response.getContentAsByteArray(), StandardCharsets.UTF_8);
        return content.split(": keep-alive", -1).length - 1;
    }

    @Test
    void aClientThatLeavesDuringTheHistoryEndsItsRequestQuietly() throws Exception {
        EventStreams history = new HandDrivenStreams() {
            @Override
            public List<StreamEntry> readAfter(String key, @Nullable String afterId, int count) {
                return afterId == null || afterId.equals(EventStreams.BEGINNING)
                        ? List.of(entry(1), entry(2))
                        : List.of();
            }
        };
        SseHub session = new SseHub(history, Duration.ofHours(1));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/jobs/x/logs");
        request.setAsyncSupported(true);
        boolean[] gone = {false};
        MockHttpServletResponse response = new MockHttpServletResponse() {
            private final ServletOutputStream goneAfterTheFirstEntry = new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    if (gone[0]) {
                        throw new IOException("Broken pipe");
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {}
            };

            @Override
            public ServletOutputStream getOutputStream() {
                return goneAfterTheFirstEntry;
            }
        };

        session.serve(request, response, SseStream.endless("stream", EventStreams.BEGINNING, (entry, out) -> {
            out.event(entry.id(), "stdout", entry.data());
            gone[0] = true; // the client hangs up while this entry is on its way
            return false;
        }));

        assertThat(request.isAsyncStarted())
                .as("no live phase for a client that has gone")
                .isFalse();
        assertThat(session.liveStreams()).isZero();
    }
}
