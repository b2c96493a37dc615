package dev.slipway.model;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The limits a job spec must keep for its container to be safe and startable, whatever the
 * configuration: the gateway refuses a request that breaks one, and the worker checks again what
 * it takes from the queue, so a message that did not come through a gateway cannot get past them.
 */
public final class JobSpecRules {

    /**
     * The smallest CPU share. Docker reads {@code NanoCPUs=0} as "no limit", and any share below
     * 5e-10 rounds to it; Docker itself refuses anything below 0.01.
     */
    public static final double MIN_CPUS = 0.01;

    /**
     * The longest single argument or environment entry, in bytes: Linux's {@code MAX_ARG_STRLEN}
     * (32 pages, 128 KiB) less the terminating NUL. A script is one argument of {@code sh -c}.
     */
    public static final int MAX_ARGUMENT_BYTES = 128 * 1024 - 1;

    /** A user as {@code docker run --user} takes it: a name or uid, optionally with a group or gid. */
    public static final String USER_PATTERN =
            "([a-z_][a-z0-9_.-]{0,31}|[0-9]{1,10})(:([a-z_][a-z0-9_.-]{0,31}|[0-9]{1,10}))?";

    private static final Pattern USER = Pattern.compile(USER_PATTERN);

    /** Kernel file systems a working directory must not point into (the runc CVE-2024-21626 escape). */
    private static final List<String> FORBIDDEN_WORKDIR_ROOTS = List.of("/proc", "/sys", "/dev");

    private JobSpecRules() {}

    /**
     * Why a git source's URL is refused, or empty when it is acceptable: an {@code https://},
     * {@code http://} or {@code git://} URL naming a host, carrying no credentials (the URL is shown
     * in the spec and the log) and no control characters, encoded or not (the git protocol sends the
     * path on a line of its own). {@code file:} would read the worker's own disk; {@code ssh:} needs keys.
     *
     * @param withPassword whether a password goes with it: then only {@code https://}, never in clear
     */
    public static Optional<String> gitUrlProblem(String url, boolean withPassword) {
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            return Optional.of("is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!GIT_SCHEMES.contains(scheme)) {
            return Optional.of("must be an https://, http:// or git:// URL");
        }
        if (withPassword && !scheme.equals("https")) {
            return Optional.of("must be https:// when a password is sent: it would travel in clear");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of(
                    "must not carry credentials: give them as source.git.username and passwordSecret (a secret)");
        }
        if (url.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
                || ENCODED_CONTROL.matcher(url).find()) {
            return Optional.of("must not contain control characters");
        }
        return Optional.empty();
    }

    private static final java.util.Set<String> GIT_SCHEMES = java.util.Set.of("https", "http", "git");
    private static final Pattern ENCODED_CONTROL = Pattern.compile("%(?:[01][0-9a-fA-F]|7[fF])");

    /** Why the working directory is refused, or empty when it is acceptable. */
    public static Optional<String> workdirProblem(String workdir) {
        if (!workdir.startsWith("/")) {
            return Optional.of("must be an absolute path");
        }
        for (String segment : workdir.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return Optional.of("must not contain '.' or '..' segments");
            }
        }
        String normalized = workdir.replaceAll("/+", "/");
        for (String root : FORBIDDEN_WORKDIR_ROOTS) {
            if (normalized.equals(root) || normalized.startsWith(root + "/")) {
                return Optional.of("must not be in " + root);
            }
        }
        if (workdir.indexOf('\0') >= 0) {
            return Optional.of("must not contain a NUL character");
        }
        return Optional.empty();
    }

    /** Why the user is refused, or empty when it is acceptable. */
    public static Optional<String> userProblem(String user) {
        return USER.matcher(user).matches()
                ? Optional.empty()
                : Optional.of("must be a user name or uid, optionally ':' and a group name or gid");
    }

    /** The size of the script as the one argument of {@code sh -c}: its lines joined by newlines. */
    public static int scriptBytes(List<String> script) {
        return String.join("\n", script).getBytes(StandardCharsets.UTF_8).length;
    }

    /** The size of an environment entry as the kernel sees it: {@code NAME=value}. */
    public static int environmentEntryBytes(String name, String value) {
        return (name + "=" + value).getBytes(StandardCharsets.UTF_8).length;
    }

    /** The size of one argument. */
    public static int argumentBytes(String argument) {
        return argument.getBytes(StandardCharsets.UTF_8).length;
    }
}
