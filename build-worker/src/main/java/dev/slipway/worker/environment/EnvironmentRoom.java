package dev.slipway.worker.environment;

import dev.slipway.model.EnvironmentRecord;
import dev.slipway.model.EnvironmentTemplate;
import java.util.List;

/**
 * Whether this worker has room for one more environment, apart from its job slots: fewer than
 * {@code max} hosted, and the memory limits of those that hold resources plus the new one's within
 * the memory budget. (The host's free-memory floor and an operator's cordon shut the intake gate,
 * which is checked before this.)
 */
record EnvironmentRoom(EnvironmentSettings settings) {

    boolean fits(List<EnvironmentRecord> hosted, EnvironmentTemplate template) {
        if (hosted.size() >= settings.max()) {
            return false;
        }
        long heldMb = hosted.stream()
                .filter(environment -> EnvironmentRecord.holdsResources(environment.state()))
                .mapToLong(environment -> environment.template().resources().memoryMb())
                .sum();
        return (heldMb + template.resources().memoryMb()) * 1024 * 1024
                <= settings.memoryBudget().toBytes();
    }

    /** Whether even the smallest environment could be placed: fewer than {@code max} hosted. */
    boolean anyRoom(int hosted) {
        return hosted < settings.max();
    }
}
