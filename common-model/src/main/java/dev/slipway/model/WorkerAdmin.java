package dev.slipway.model;

/** What an operator asked of a worker; the worker reads it at every heartbeat and acts on it. */
public enum WorkerAdmin {
    /** Take jobs (the default, and what uncordon asks for). */
    SCHEDULABLE,
    CORDONED,
    DRAINING
}
