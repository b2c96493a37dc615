package dev.slipway.worker.git;

import dev.slipway.model.GitSource;
import dev.slipway.worker.source.GitCheckouts;
import dev.slipway.worker.source.SourceRejectedException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * {@link GitCheckouts} with JGit, so a worker's host needs no git binary and a password never
 * reaches a command line. Fetches one ref of a git repository with JGit into a scratch directory and checks it out, its
 * {@code .git} included (builds run {@code git describe} and {@code git log}). Only the ref is
 * fetched, to the source's depth; a commit id is fetched by itself where the server allows it,
 * and with the branches and tags otherwise.
 */
@Component
class JGitCheckouts implements GitCheckouts {

    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{40}");
    private static final String FETCHED = "refs/slipway/source";

    @Override
    public CheckedOut checkout(GitSource source, @Nullable String password, Path directory, Duration timeout) {
        int timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
        CredentialsProvider credentials = password == null
                ? null
                : new UsernamePasswordCredentialsProvider(
                        source.username() == null ? "oauth2" : source.username(), password);
        try (Git git = Git.init()
                .setDirectory(directory.toFile())
                .setInitialBranch("slipway")
                .call()) {
            git.remoteAdd().setName("origin").setUri(new URIish(source.url())).call();
            String ref = source.ref() == null ? "HEAD" : source.ref();
            String remoteName =
                    COMMIT_ID.matcher(ref).matches() ? ref : remoteRef(git, ref, credentials, timeoutSeconds);
            ObjectId fetched = fetch(git, remoteName, source.depth(), credentials, timeoutSeconds);
            ObjectId commit;
            try (RevWalk walk = new RevWalk(git.getRepository())) {
                RevCommit peeled = walk.parseCommit(fetched); // an annotated tag peels to its commit
                commit = peeled.getId();
            }
            git.checkout().setName(commit.name()).call();
            return new CheckedOut(ref, commit.name());
        } catch (GitAPIException | IOException | java.net.URISyntaxException e) {
            throw new SourceRejectedException("fetching " + source.url() + " failed: " + reason(e), e);
        }
    }

    /** The full name of {@code ref} on the remote: a branch first, then a tag, as git itself resolves one. */
    private static String remoteRef(Git git, String ref, @Nullable CredentialsProvider credentials, int timeoutSeconds)
            throws GitAPIException {
        if (ref.equals("HEAD") || ref.startsWith("refs/")) {
            return ref;
        }
        Collection<Ref> refs = git.lsRemote()
                .setRemote("origin")
                .setCredentialsProvider(credentials)
                .setTimeout(timeoutSeconds)
                .call();
        for (String candidate : new String[] {"refs/heads/" + ref, "refs/tags/" + ref}) {
            Optional<Ref> found =
                    refs.stream().filter(r -> r.getName().equals(candidate)).findFirst();
            if (found.isPresent()) {
                return candidate;
            }
        }
        throw new SourceRejectedException(
                "the repository has no branch or tag '" + ref + "' (give a branch, a tag or a full commit id)");
    }

    private static ObjectId fetch(
            Git git, String remoteName, int depth, @Nullable CredentialsProvider credentials, int timeoutSeconds)
            throws GitAPIException, IOException {
        var fetch = git.fetch()
                .setRemote("origin")
                .setRefSpecs(new RefSpec("+" + remoteName + ":" + FETCHED))
                .setCredentialsProvider(credentials)
                .setTimeout(timeoutSeconds)
                .setTagOpt(org.eclipse.jgit.transport.TagOpt.NO_TAGS);
        if (depth > 0) {
            fetch.setDepth(depth);
        }
        try {
            fetch.call();
        } catch (org.eclipse.jgit.api.errors.TransportException e) {
            if (!COMMIT_ID.matcher(remoteName).matches()) {
                throw e;
            }
            // the server will not send an unadvertised commit by itself: fetch what it advertises
            git.fetch()
                    .setRemote("origin")
                    .setRefSpecs(
                            new RefSpec("+refs/heads/*:refs/remotes/origin/*"), new RefSpec("+refs/tags/*:refs/tags/*"))
                    .setCredentialsProvider(credentials)
                    .setTimeout(timeoutSeconds)
                    .call();
            ObjectId commit = ObjectId.fromString(remoteName);
            if (!git.getRepository().getObjectDatabase().has(commit)) {
                throw new SourceRejectedException("the repository has no commit " + remoteName);
            }
            return commit;
        }
        Ref fetched = git.getRepository().exactRef(FETCHED);
        ObjectId id = fetched == null ? null : fetched.getObjectId();
        if (id == null) {
            throw new SourceRejectedException("the repository has no ref '" + remoteName + "'");
        }
        return id;
    }

    /** JGit's message, which names the URL (never with credentials: the gateway refuses those in it). */
    private static String reason(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null
                && cause.getMessage() != null
                && cause.getMessage().contains("Exception caught")) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }
}
