package dev.slipway.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The form a {@link JobEvent.LogChunk} takes in a job's log stream: plain text rather than JSON,
 * because a log carries millions of short lines and JSON cost the worker and the gateway more per
 * line than the line itself (a 6-byte line of {@code seq} took ~50 bytes, quoted and escaped, and
 * a parse of three named fields). The text is
 * <pre>
 * L1 &lt;attempt&gt; &lt;at&gt;\n
 * o&lt;text of a stdout line&gt;\n
 * e&lt;text of a stderr line&gt;\n
 * ...
 * </pre>
 * where {@code at} is the time (epoch milliseconds) the batch's first line was read; every line of
 * the chunk is given that time when read back (a batch spans at most the worker's batch window). A
 * line never holds a line feed (the worker splits output on them); one that did would be written as
 * two lines. Other events (the end marker, state changes) stay JSON, which never starts with
 * {@code L}. Gateways read both forms, so entries written before this form keep working.
 */
public final class LogChunkText {

    static final String HEADER = "L1 ";

    /** Receives the lines of a chunk in order, with their index in it. */
    @FunctionalInterface
    public interface LineSink {
        void line(int index, LogStream stream, String text);
    }

    private LogChunkText() {}

    /** Whether a stream entry's payload is a log chunk in this form. */
    public static boolean isChunk(String payload) {
        return payload.startsWith(HEADER);
    }

    public static String encode(int attempt, List<LogLine> lines) {
        long at = lines.isEmpty() ? 0 : lines.getFirst().at();
        int size = 32;
        for (LogLine line : lines) {
            size += line.text().length() + 2;
        }
        StringBuilder text = new StringBuilder(size).append(HEADER).append(attempt).append(' ').append(at).append('\n');
        for (LogLine line : lines) {
            char stream = line.stream() == LogStream.STDERR ? 'e' : 'o';
            String content = line.text();
            int start = 0;
            for (int feed = content.indexOf('\n'); feed >= 0; feed = content.indexOf('\n', start)) {
                text.append(stream).append(content, start, feed).append('\n');
                start = feed + 1;
            }
            text.append(stream).append(content, start, content.length()).append('\n');
        }
        return text.toString();
    }

    /**
     * Hands every line of the chunk to the sink, without building a record per line.
     *
     * @throws IllegalArgumentException when the payload is not a chunk in this form
     */
    public static void forEachLine(String payload, LineSink sink) {
        requireChunk(payload);
        int position = payload.indexOf('\n') + 1;
        int index = 0;
        while (position < payload.length()) {
            int end = payload.indexOf('\n', position);
            if (end < 0) {
                end = payload.length(); // written by hand, without the last line feed
            }
            if (end > position) {
                LogStream stream = switch (payload.charAt(position)) {
                    case 'o' -> LogStream.STDOUT;
                    case 'e' -> LogStream.STDERR;
                    default -> throw new IllegalArgumentException("not a log chunk line: " + payload.substring(position, end));
                };
                sink.line(index++, stream, payload.substring(position + 1, end));
            }
            position = end + 1;
        }
    }

    public static JobEvent.LogChunk decode(JobId job, String payload) {
        requireChunk(payload);
        String[] fields = payload.substring(HEADER.length(), payload.indexOf('\n')).split(" ");
        int attempt = Integer.parseInt(fields[0]);
        long at = Long.parseLong(fields[1]);
        List<LogLine> lines = new ArrayList<>();
        forEachLine(payload, (index, stream, text) -> lines.add(new LogLine(stream, at, text)));
        return new JobEvent.LogChunk(job, attempt, lines);
    }

    private static void requireChunk(String payload) {
        if (!isChunk(payload) || payload.indexOf('\n') < 0) {
            throw new IllegalArgumentException("not a log chunk: " + payload.substring(0, Math.min(40, payload.length())));
        }
    }
}
