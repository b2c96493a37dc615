package dev.slipway.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private final List<String> lines = new ArrayList<>();

    private void feed(LineSplitter splitter, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        splitter.accept(bytes, 0, bytes.length);
    }

    @Test
    void aLineSplitAcrossFramesIsEmittedOnceWhole() {
        LineSplitter splitter = new LineSplitter(1024, (text, bytes) -> lines.add(text));

        feed(splitter, "hel");
        feed(splitter, "lo\nwor");
        feed(splitter, "ld\n");

        assertThat(lines).containsExactly("hello", "world");
    }

    @Test
    void aLastLineWithoutNewlineIsKeptUntilFlush() {
        LineSplitter splitter = new LineSplitter(1024, (text, bytes) -> lines.add(text));

        feed(splitter, "one\ntwo");
        assertThat(lines).containsExactly("one");

        splitter.flush();
        assertThat(lines).containsExactly("one", "two");
    }

    @Test
    void emptyLinesAndCarriageReturnsAreKeptVerbatim() {
        LineSplitter splitter = new LineSplitter(1024, (text, bytes) -> lines.add(text));

        feed(splitter, "a\n\n  b\t\r\n");

        assertThat(lines).containsExactly("a", "", "  b\t\r");
    }

    @Test
    void aLineLongerThanTheLimitIsSplitNotDropped() {
        LineSplitter splitter = new LineSplitter(10, (text, bytes) -> lines.add(text));

        feed(splitter, "0123456789abcdefghij0123\nend\n");

        assertThat(lines).containsExactly("0123456789", "abcdefghij", "0123", "end");
    }

    @Test
    void aLongLineIsNeverCutInsideAMultiByteCharacter() {
        LineSplitter splitter = new LineSplitter(8, (text, bytes) -> lines.add(text));
        String text = "ab€€€€cd"; // € is three bytes in UTF-8

        feed(splitter, text + "\n");

        assertThat(String.join("", lines)).isEqualTo(text);
        assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain("\uFFFD"));
    }

    @Test
    void byteCountsMatchTheUtf8SizeOfEachLine() {
        List<Integer> sizes = new ArrayList<>();
        LineSplitter splitter = new LineSplitter(1024, (text, bytes) -> sizes.add(bytes));

        feed(splitter, "€\nab\n");

        assertThat(sizes).containsExactly(3, 2);
    }
}
