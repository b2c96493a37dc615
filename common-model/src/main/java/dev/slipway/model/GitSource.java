package dev.slipway.model;

import org.jspecify.annotations.Nullable;

/**
 * A git repository checked out into the job's working directory.
 *
 * @param url an {@code https://}, {@code http://} or {@code git://} URL without credentials in it
 * @param ref a branch, a tag or a full commit id; null for the repository's default branch
 * @param depth how many commits of history to fetch; 0 for all of it
 * @param username the user name sent with the password, when {@code passwordSecret} is set
 * @param passwordSecret the name of the job's secret holding the password or token: the value
 *     travels as a secret does, and is masked in the job's output
 */
public record GitSource(
        String url,
        @Nullable String ref,
        int depth,
        @Nullable String username,
        @Nullable String passwordSecret) {}
