package dev.slipway.model;

import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A path pattern of artifact rules, relative to the job's working directory: {@code *} is any run
 * of characters within one segment, {@code ?} one character, {@code **} any number of whole
 * segments (none included). A pattern that matches a directory keeps everything under it, so
 * {@code out} and {@code out/**} mean the same.
 */
public final class ArtifactGlob {

    public static final int MAX_LENGTH = 256;

    private final Pattern regex;

    private ArtifactGlob(Pattern regex) {
        this.regex = regex;
    }

    public static ArtifactGlob of(String glob) {
        String problem = problemWith(glob);
        if (problem != null) {
            throw new IllegalArgumentException("not an artifact pattern: " + problem + ": " + glob);
        }
        StringBuilder regex = new StringBuilder();
        String[] segments = glob.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals("**")) {
                regex.append(last ? ".*" : "(?:[^/]+/)*");
                continue;
            }
            for (int at = 0; at < segment.length(); at++) {
                char c = segment.charAt(at);
                switch (c) {
                    case '*' -> regex.append("[^/]*");
                    case '?' -> regex.append("[^/]");
                    default -> regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            if (!last) {
                regex.append('/');
            }
        }
        return new ArtifactGlob(Pattern.compile(regex.toString()));
    }

    /** Whether {@code path}, or a directory it is in, matches. */
    public boolean matches(String path) {
        if (regex.matcher(path).matches()) {
            return true;
        }
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            if (regex.matcher(path.substring(0, slash)).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Why {@code glob} is no pattern, or null: relative, no {@code ..} or empty segment, not too long. */
    public static @Nullable String problemWith(String glob) {
        if (glob.isBlank()) {
            return "it is empty";
        }
        if (glob.length() > MAX_LENGTH) {
            return "it is longer than " + MAX_LENGTH + " characters";
        }
        if (glob.startsWith("/")) {
            return "it must be relative to the working directory";
        }
        for (String segment : glob.split("/", -1)) {
            if (segment.isEmpty() || segment.equals("..") || segment.equals(".")) {
                return "it has an empty, '.' or '..' segment";
            }
        }
        return null;
    }

    public static Optional<String> problem(String glob) {
        return Optional.ofNullable(problemWith(glob));
    }
}
