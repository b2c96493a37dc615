package dev.slipway.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private final List<String> lines = new ArrayList<>();

    private void collect(byte[] bytes, int offset, int length) {
        lines.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
    }

    private void feed(LineSplitter splitter, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        splitter.accept(bytes, 0, bytes.length);
    }

    @Test
    void aLineSplitAcrossFramesIsEmittedOnceWhole() {
        LineSplitter splitter = new LineSplitter(1024, this::collect);

        feed(splitter, "hel");
        feed(splitter, "lo\nwor");
        feed(splitter, "ld\n");

        assertThat(lines).containsExactly("hello", "world");
    }

    @Test
    void aLastLineWithoutNewlineIsKeptUntilFlush() {
        LineSplitter splitter = new LineSplitter(1024, this::collect);

        feed(splitter, "one\ntwo");
        assertThat(lines).containsExactly("one");

        splitter.flush();
        assertThat(lines).containsExactly("one", "two");
    }

    @Test
    void emptyLinesAndCarriageReturnsAreKeptVerbatim() {
        LineSplitter splitter = new LineSplitter(1024, this::collect);

        feed(splitter, "a\n\n  b\t\r\n");

        assertThat(lines).containsExactly("a", "", "  b\t\r");
    }

    @Test
    void aLineLongerThanTheLimitIsSplitNotDropped() {
        LineSplitter splitter = new LineSplitter(10, this::collect);

        feed(splitter, "0123456789abcdefghij0123\nend\n");

        assertThat(lines).containsExactly("0123456789", "abcdefghij", "0123", "end");
    }

    @Test
    void aLongLineIsNeverCutInsideAMultiByteCharacter() {
        LineSplitter splitter = new LineSplitter(8, this::collect);
        String text = "ab€€€€cd"; // € is three bytes in UTF-8

        feed(splitter, text + "\n");

        assertThat(String.join("", lines)).isEqualTo(text);
        assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain("\uFFFD"));
    }

    @Test
    void byteCountsMatchTheUtf8SizeOfEachLine() {
        List<Integer> sizes = new ArrayList<>();
        LineSplitter splitter = new LineSplitter(1024, (bytes, offset, length) -> sizes.add(length));

        feed(splitter, "€\nab\n");

        assertThat(sizes).containsExactly(3, 2);
    }

    @Test
    void bytesThatAreNotUtf8AreReplacedSoTheStoredLogIsValidText() throws Exception {
        List<byte[]> raw = new ArrayList<>();
        LineSplitter splitter = new LineSplitter(
                1024, (bytes, offset, length) -> raw.add(Arrays.copyOfRange(bytes, offset, offset + length)));

        splitter.accept(new byte[] {'o', 'k', (byte) 0xff, (byte) 0xc3, '\n', 'a', '\n'}, 0, 7);

        assertThat(raw).hasSize(2);
        assertThat(new String(raw.get(0), StandardCharsets.UTF_8)).isEqualTo("ok\uFFFD\uFFFD");
        assertThat(StandardCharsets.UTF_8
                        .newDecoder()
                        .decode(java.nio.ByteBuffer.wrap(raw.get(0)))
                        .toString())
                .as("strictly valid UTF-8")
                .isEqualTo("ok\uFFFD\uFFFD");
        assertThat(raw.get(1)).containsExactly('a');
    }

    @Test
    void aLineLongerThanAFullSizeBufferIsCutAtCharacterBoundariesWithNothingLost() {
        // A limit above the buffer's first size (256), so the buffer fills to exactly the limit.
        LineSplitter splitter = new LineSplitter(300, this::collect);
        String text = "y".repeat(299) + "€" + "z".repeat(700) + "€€";

        feed(splitter, text.substring(0, 500));
        feed(splitter, text.substring(500) + "\nnext\n");

        assertThat(String.join("", lines.subList(0, lines.size() - 1))).isEqualTo(text);
        assertThat(lines.getLast()).isEqualTo("next");
        assertThat(lines).allSatisfy(line -> {
            assertThat(line).doesNotContain("\uFFFD");
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(300);
        });
        assertThat(lines.getFirst()).isEqualTo("y".repeat(299)); // the € did not fit whole: it starts the next piece
    }
}
