package dev.slipway.worker.git;

import dev.slipway.model.GitSource;
import dev.slipway.worker.source.GitCheckouts;
import dev.slipway.worker.source.SourceRejectedException;
import dev.slipway.worker.source.SourceUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.lib.BatchingProgressMonitor;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * {@link GitCheckouts} with JGit, so a worker's host needs no git binary and a password never
 * reaches a command line. Fetches one ref, to the source's depth, with the tags that point into
 * what was fetched (for {@code git describe}); a commit id is fetched by itself where the server
 * allows it, with the branches and tags otherwise. Before anything is checked out, the tree is
 * measured: a repository whose tree passes the limits (a "git bomb" of a few KB that expands to
 * millions of files) is refused unwritten. Redirects are not followed, and a host on a private
 * address is refused unless allowed: the fetch runs on the worker's own network.
 */
@Component
class JGitCheckouts implements GitCheckouts {

    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{40}");
    private static final String FETCHED = "refs/slipway/source";

    @Override
    public CheckedOut checkout(GitSource source, @Nullable String password, Path directory, Limits limits) {
        if (!limits.privateHosts()) {
            refusePrivateHost(source.url());
        }
        Fetching fetching = new Fetching(source, password, limits);
        try (Git git = Git.init()
                .setDirectory(directory.toFile())
                .setInitialBranch("slipway")
                .call()) {
            StoredConfig config = git.getRepository().getConfig();
            config.setString("http", null, "followRedirects", "false");
            config.save();
            git.remoteAdd().setName("origin").setUri(new URIish(source.url())).call();
            String ref = source.ref() == null ? "HEAD" : source.ref();
            String remoteName = COMMIT_ID.matcher(ref).matches() ? ref : fetching.remoteRef(git, ref);
            ObjectId commit;
            try (RevWalk walk = new RevWalk(git.getRepository())) {
                RevCommit peeled = walk.parseCommit(fetching.fetch(git, remoteName)); // a tag peels to its commit
                commit = peeled.getId();
                measure(git, peeled, limits);
            }
            git.checkout().setName(commit.name()).call();
            return new CheckedOut(ref, commit.name());
        } catch (InvalidRemoteException | NoRemoteRepositoryException e) {
            throw new SourceRejectedException("fetching " + source.url() + " failed: " + reason(e), e);
        } catch (TransportException e) {
            if (fetching.abandoned()) {
                throw new SourceRejectedException(
                        "fetching " + source.url() + " was stopped, or took longer than the job's timeout", e);
            }
            if (refusal(e)) {
                throw new SourceRejectedException("fetching " + source.url() + " failed: " + reason(e), e);
            }
            throw new SourceUnavailableException("fetching " + source.url() + " failed: " + reason(e), e);
        } catch (GitAPIException | IOException | java.net.URISyntaxException e) {
            throw new SourceUnavailableException("fetching " + source.url() + " failed: " + reason(e), e);
        }
    }

    /** One fetch's credentials, limits and progress, shared by its ls-remote and its fetches. */
    private static final class Fetching {

        private final GitSource source;
        private final @Nullable CredentialsProvider credentials;
        private final Limits limits;
        private final long deadline;
        private final int silenceSeconds;
        private volatile boolean abandoned;

        Fetching(GitSource source, @Nullable String password, Limits limits) {
            this.source = source;
            this.credentials = password == null
                    ? null
                    : new UsernamePasswordCredentialsProvider(
                            source.username() == null ? "oauth2" : source.username(), password);
            this.limits = limits;
            this.deadline = System.nanoTime() + limits.total().toNanos();
            this.silenceSeconds = (int) Math.max(1, limits.silence().toSeconds());
        }

        boolean abandoned() {
            return abandoned;
        }

        /** The full name of {@code ref} on the remote: a branch first, then a tag, as git itself resolves one. */
        String remoteRef(Git git, String ref) throws GitAPIException {
            if (ref.equals("HEAD") || ref.startsWith("refs/")) {
                return ref;
            }
            Collection<Ref> refs = git.lsRemote()
                    .setRemote("origin")
                    .setCredentialsProvider(credentials)
                    .setTimeout(silenceSeconds)
                    .call();
            for (String candidate : List.of(Constants.R_HEADS + ref, Constants.R_TAGS + ref)) {
                if (refs.stream().anyMatch(r -> r.getName().equals(candidate))) {
                    return candidate;
                }
            }
            throw new SourceRejectedException(
                    "the repository has no branch or tag '" + ref + "' (give a branch, a tag or a full commit id)");
        }

        ObjectId fetch(Git git, String remoteName) throws GitAPIException, IOException {
            try {
                FetchCommand first = fetchCommand(git, new RefSpec("+" + remoteName + ":" + FETCHED));
                if (source.depth() > 0) {
                    first.setDepth(source.depth());
                }
                first.call();
            } catch (TransportException e) {
                if (!COMMIT_ID.matcher(remoteName).matches() || abandoned || refusal(e)) {
                    throw e;
                }
                // the server will not send an unadvertised commit by itself: fetch what it advertises
                fetchCommand(
                                git,
                                new RefSpec("+refs/heads/*:refs/remotes/origin/*"),
                                new RefSpec("+refs/tags/*:refs/tags/*"))
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

        private FetchCommand fetchCommand(Git git, RefSpec... specs) {
            return git.fetch()
                    .setRemote("origin")
                    .setRefSpecs(specs)
                    .setCredentialsProvider(credentials)
                    .setTimeout(silenceSeconds)
                    .setTagOpt(TagOpt.AUTO_FOLLOW)
                    .setProgressMonitor(new BatchingProgressMonitor() {
                        @Override
                        public boolean isCancelled() {
                            if (System.nanoTime() > deadline || limits.stopped().getAsBoolean()) {
                                abandoned = true;
                            }
                            return abandoned;
                        }

                        @Override
                        protected void onUpdate(String taskName, int workCurr, java.time.Duration duration) {}

                        @Override
                        protected void onEndTask(String taskName, int workCurr, java.time.Duration duration) {}

                        @Override
                        protected void onUpdate(
                                String taskName,
                                int workCurr,
                                int workTotal,
                                int percentDone,
                                java.time.Duration duration) {}

                        @Override
                        protected void onEndTask(
                                String taskName,
                                int workCurr,
                                int workTotal,
                                int percentDone,
                                java.time.Duration duration) {}
                    });
        }
    }

    /** Walks the commit's tree, refusing it past the limits before a file of it is written. */
    private static void measure(Git git, RevCommit commit, Limits limits) throws IOException {
        long bytes = 0;
        int entries = 0;
        try (ObjectReader reader = git.getRepository().newObjectReader();
                TreeWalk tree = new TreeWalk(reader)) {
            tree.addTree(commit.getTree());
            tree.setRecursive(false);
            while (tree.next()) {
                if (++entries > limits.maxEntries()) {
                    throw new SourceRejectedException(
                            "the repository's tree has more than " + limits.maxEntries() + " entries");
                }
                if (tree.isSubtree()) {
                    tree.enterSubtree();
                } else if (tree.getFileMode(0).getObjectType() == Constants.OBJ_BLOB) {
                    bytes += reader.getObjectSize(tree.getObjectId(0), Constants.OBJ_BLOB);
                    if (bytes > limits.maxBytes()) {
                        throw new SourceRejectedException(
                                "the repository's tree holds more than " + limits.maxBytes() + " bytes");
                    }
                }
            }
        }
    }

    /** Refuses a repository on the worker's own network: loopback, link-local (cloud metadata), private ranges. */
    private static void refusePrivateHost(String url) {
        String host = URI.create(url).getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new SourceUnavailableException("the git host " + host + " does not resolve", e);
        }
        for (InetAddress address : addresses) {
            if (isPrivate(address)) {
                throw new SourceRejectedException("the git host " + host + " is " + address.getHostAddress()
                        + ", a loopback, link-local or private address: refused"
                        + " (slipway.worker.sources.allow-private-git-hosts)");
            }
        }
    }

    static boolean isPrivate(InetAddress address) {
        byte[] raw = address.getAddress();
        boolean uniqueLocal = raw.length == 16 && (raw[0] & 0xfe) == 0xfc; // fc00::/7
        boolean sharedSpace = raw.length == 4 && (raw[0] & 0xff) == 100 && (raw[1] & 0xc0) == 64; // 100.64/10
        return address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()
                || uniqueLocal
                || sharedSpace;
    }

    /** Whether the server said no (to the credentials, or the repository), rather than failing. */
    private static boolean refusal(Exception e) {
        String message = String.valueOf(reason(e)).toLowerCase(java.util.Locale.ROOT);
        return message.contains("not authorized")
                || message.contains("authentication is required")
                || message.contains("not found")
                || message.contains("not exported")
                || message.contains("no such repository")
                || message.contains("not valid");
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
