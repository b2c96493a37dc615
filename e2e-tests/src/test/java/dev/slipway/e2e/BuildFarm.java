package dev.slipway.e2e;

import dev.slipway.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A gateway jar and a worker jar sharing one artifact store directory, as the build tests
 * (artifacts, sources, image builds, the RPM example) need them: started and healthy, then
 * stopped with the containers the worker left.
 */
record BuildFarm(SlipwayProcess gateway, SlipwayProcess worker, String workerId) implements AutoCloseable {

    /**
     * @param name what the processes' logs are named after
     * @param pools the pools the worker serves
     * @param gatewayExtra properties of the gateway besides the test services and the store
     * @param workerExtra properties of the worker besides those of {@link SlipwayProcess#quickRecoveryWorker}
     */
    static BuildFarm start(
            String name,
            String workerId,
            String pools,
            Map<String, String> gatewayExtra,
            Map<String, String> workerExtra)
            throws Exception {
        Path store = Files.createTempDirectory("slipway-" + name + "-store");
        Map<String, String> gatewayProperties = new HashMap<>(TestServices.springProperties(3));
        gatewayProperties.put("slipway.artifacts.root", store.toString());
        gatewayProperties.putAll(gatewayExtra);
        SlipwayProcess gateway = SlipwayProcess.start(name + "-gateway", "slipway.gateway.jar", gatewayProperties);
        Map<String, String> workerProperties = SlipwayProcess.quickRecoveryWorker(workerId, pools, "5s");
        workerProperties.put("slipway.artifacts.root", store.toString());
        workerProperties.putAll(workerExtra);
        BuildFarm farm;
        try {
            farm = new BuildFarm(
                    gateway, SlipwayProcess.start(name + "-worker", "slipway.worker.jar", workerProperties), workerId);
        } catch (Exception e) {
            gateway.close();
            throw e;
        }
        try {
            gateway.awaitHealthy(Duration.ofSeconds(90));
            farm.worker().awaitHealthy(Duration.ofSeconds(90));
        } catch (Exception | AssertionError e) {
            farm.close();
            throw e;
        }
        return farm;
    }

    /** A client of the gateway, as the admin. */
    SlipwayApi api() {
        return new SlipwayApi(gateway.baseUrl());
    }

    @Override
    public void close() throws java.io.IOException {
        worker.close();
        gateway.close();
        try {
            Host.removeContainersOfWorker(workerId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.IOException("interrupted removing the containers of " + workerId, e);
        } catch (Exception e) {
            throw new java.io.IOException("removing the containers of " + workerId + " failed", e);
        }
    }
}
