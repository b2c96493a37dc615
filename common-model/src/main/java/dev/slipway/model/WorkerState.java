package dev.slipway.model;

/** What a worker does now, as it reports it (all but {@link #GONE}) or as the gateway sees it. */
public enum WorkerState {
    /** Takes jobs from its pools. */
    ACTIVE,
    /** Takes no new jobs for a reason of its own host (short of memory or disk, Docker unreachable); resumes by itself. */
    PAUSED,
    /** An operator cordoned it: takes no new jobs; running ones go on. */
    CORDONED,
    /** An operator asked it to drain: takes no new jobs; running ones may finish within the drain timeout, then are handed back. */
    DRAINING,
    /** Drained: runs nothing and takes nothing until it is uncordoned. */
    DRAINED,
    /** Stopped heartbeating for longer than its lease (killed, host lost, cut off), or shut down. */
    GONE
}
