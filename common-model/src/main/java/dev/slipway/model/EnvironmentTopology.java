package dev.slipway.model;

import java.util.Map;

/**
 * Where environment messages go, as routes of the jobs exchange ({@link JobTopology#queueForRoute}):
 * creates to a route of their pool (and constraints), everything else to a route of the hosting
 * worker. Both carry a {@code +}, which neither pool names nor job routes hold, so they never meet a
 * job route.
 */
public final class EnvironmentTopology {

    private EnvironmentTopology() {}

    /** Where the creates of a pool's environments wait for a worker with room. */
    public static String createRoute(String pool, Map<String, String> constraints) {
        return createRouteFor(JobTopology.routeFor(pool, constraints));
    }

    /** The environment route beside a job route ({@link JobTopology#routeFor}): same pool, same constraints. */
    public static String createRouteFor(String jobRoute) {
        return "env+" + jobRoute;
    }

    /** The worker's own route: the commands for the environments it hosts. */
    public static String workerRoute(WorkerId worker) {
        return WORKER_ROUTE_PREFIX + worker.value();
    }

    /** Whether the route is a worker's own (which outlives the worker only for a while). */
    public static boolean isWorkerRoute(String route) {
        return route.startsWith(WORKER_ROUTE_PREFIX);
    }

    private static final String WORKER_ROUTE_PREFIX = "worker+";
}
