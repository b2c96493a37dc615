/** The adapter to git repositories: JGit. */
@NullMarked
package dev.slipway.worker.git;

import org.jspecify.annotations.NullMarked;
