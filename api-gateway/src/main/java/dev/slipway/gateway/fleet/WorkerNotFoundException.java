package dev.slipway.gateway.fleet;

public class WorkerNotFoundException extends RuntimeException {

    private final String workerId;

    public WorkerNotFoundException(String workerId) {
        super("no worker with id " + workerId);
        this.workerId = workerId;
    }

    public String workerId() {
        return workerId;
    }
}
