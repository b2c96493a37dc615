package dev.slipway.gateway.job;

import dev.slipway.gateway.problem.FieldProblem;
import dev.slipway.model.GitSource;
import dev.slipway.model.JobSource;
import dev.slipway.model.JobSpecRules;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Checks a job's {@code source} across its fields and turns it into the spec's {@link JobSource}. */
final class Sources {

    /** A shallow clone of one commit, as GitLab's default fetch is shallow: most builds need no history. */
    private static final int DEFAULT_DEPTH = 1;

    /** The user name GitLab takes with a token; GitHub and Gitea take any name with one. */
    private static final String DEFAULT_GIT_USER = "oauth2";

    private Sources() {}

    static @Nullable JobSource of(@Nullable SourceRequest request, Set<String> secrets, List<FieldProblem> problems) {
        if (request == null) {
            return null;
        }
        if ((request.upload() == null) == (request.git() == null)) {
            problems.add(new FieldProblem("source", "give exactly one of upload and git"));
            return null;
        }
        if (request.upload() != null) {
            return new JobSource(request.upload(), null);
        }
        GitRequest git = request.git();
        if (git == null || git.url() == null) {
            return null; // reported by the field checks
        }
        JobSpecRules.gitUrlProblem(git.url(), git.passwordSecret() != null)
                .ifPresent(reason -> problems.add(new FieldProblem("source.git.url", reason)));
        String username = git.username();
        if (git.passwordSecret() != null) {
            if (!secrets.contains(git.passwordSecret())) {
                problems.add(new FieldProblem("source.git.passwordSecret", "must name one of the job's secrets"));
            }
            username = username == null ? DEFAULT_GIT_USER : username;
        } else if (username != null) {
            problems.add(new FieldProblem("source.git.username", "is sent only with passwordSecret: give both"));
        }
        return new JobSource(
                null,
                new GitSource(
                        git.url(),
                        git.ref(),
                        git.depth() == null ? DEFAULT_DEPTH : git.depth(),
                        username,
                        git.passwordSecret()));
    }
}
