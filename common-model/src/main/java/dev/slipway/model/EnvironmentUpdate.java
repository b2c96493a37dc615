package dev.slipway.model;

/** What asking an update of an environment for a change came to. */
public sealed interface EnvironmentUpdate {

    /** The change was made: this is the record now. */
    record Applied(EnvironmentRecord environment) implements EnvironmentUpdate {}

    /** The decision was to change nothing, on this record. */
    record Declined(EnvironmentRecord environment) implements EnvironmentUpdate {}

    /** There is no such environment (never was, or its record outlived its retention). */
    record Missing() implements EnvironmentUpdate {}

    /** The change would make it hold resources past the owner's quota. */
    record OverQuota(QuotaExceeded exceeded) implements EnvironmentUpdate {}

    /** It kept changing under the decision; nothing was changed. */
    record Contended(EnvironmentRecord environment) implements EnvironmentUpdate {}
}
