package dev.slipway.worker.build;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what only BuildKit understands in a Dockerfile. docker-java drives the engine's classic
 * builder, which would fail such a line with a message that does not say why, or, for a few
 * flags, silently do something else; the job is failed first, naming the line.
 */
public final class BuildKitSyntax {

    /** {@code RUN --mount=…}, {@code --network=…}, {@code --security=…}; {@code COPY/ADD --link}, {@code --chmod}, {@code --parents}. */
    private static final Pattern FLAGS = Pattern.compile(
            "^\\s*(RUN|COPY|ADD)\\s+(?:--[a-z-]+(?:=\\S*)?\\s+)*?--(mount|network|security|link|chmod|parents|exclude)\\b",
            Pattern.CASE_INSENSITIVE);

    /** A heredoc ({@code RUN <<EOF}), which the classic builder reads as a redirection of an empty command. */
    private static final Pattern HEREDOC =
            Pattern.compile("^\\s*(RUN|COPY|ADD)\\s+.*<<-?\\s*[\"']?[A-Za-z_]", Pattern.CASE_INSENSITIVE);

    private BuildKitSyntax() {}

    /** Why the Dockerfile needs BuildKit, naming the first line that does; empty when the classic builder takes it. */
    public static Optional<String> problem(String dockerfile) {
        String[] lines = dockerfile.split("\n", -1);
        StringBuilder instruction = new StringBuilder();
        int startLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            if (instruction.isEmpty()) {
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                startLine = i + 1;
            }
            if (line.endsWith("\\")) {
                instruction.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            instruction.append(line);
            String whole = instruction.toString();
            instruction.setLength(0);
            Matcher flag = FLAGS.matcher(whole);
            if (flag.find()) {
                return Optional.of("line " + startLine + ": " + flag.group(1).toUpperCase(Locale.ROOT) + " --"
                        + flag.group(2).toLowerCase(Locale.ROOT)
                        + " needs BuildKit, and Slipway builds with the engine's classic builder");
            }
            if (HEREDOC.matcher(whole).find()) {
                return Optional.of("line " + startLine
                        + ": a heredoc (<<EOF) needs BuildKit, and Slipway builds with the engine's classic builder");
            }
        }
        return Optional.empty();
    }
}
