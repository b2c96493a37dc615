package dev.slipway.gateway.fleet;

import dev.slipway.gateway.identity.Access;
import dev.slipway.gateway.identity.Caller;
import dev.slipway.gateway.problem.NotFoundException;
import dev.slipway.model.WorkerAdmin;
import dev.slipway.model.WorkerId;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The fleet: list and inspect workers; cordon (take no new jobs), uncordon, and drain (cordon, let
 * running jobs finish within the worker's drain timeout, hand back the rest). Requests are recorded
 * in Redis, so they hold across worker restarts, and signalled so the worker acts within a moment.
 */
@Tag(name = "workers", description = "Workers: state, slots, cordon and drain.")
@RestController
@RequestMapping("/api/v1/workers")
record WorkerController(WorkerRegistry registry, Clock clock) {

    private static final Logger log = LoggerFactory.getLogger(WorkerController.class);

    @GetMapping
    List<WorkerView> list() {
        return registry.all(clock.instant());
    }

    @GetMapping("/{id}")
    WorkerView get(@PathVariable String id) {
        return registry.find(workerId(id), clock.instant()).orElseThrow(() -> NotFoundException.worker(id));
    }

    @PostMapping("/{id}/cordon")
    @ApiResponse(responseCode = "202", description = "The worker, asked to take no new work.")
    ResponseEntity<WorkerView> cordon(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return request(caller, id, WorkerAdmin.CORDONED);
    }

    @PostMapping("/{id}/uncordon")
    @ApiResponse(responseCode = "202", description = "The worker, asked to take work again.")
    ResponseEntity<WorkerView> uncordon(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return request(caller, id, WorkerAdmin.SCHEDULABLE);
    }

    @PostMapping("/{id}/drain")
    @ApiResponse(responseCode = "202", description = "The worker, asked to finish its work and stop taking more.")
    ResponseEntity<WorkerView> drain(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return request(caller, id, WorkerAdmin.DRAINING);
    }

    private ResponseEntity<WorkerView> request(Caller caller, String id, WorkerAdmin admin) {
        Access.requireOperator(caller, "running the fleet");
        if (!registry.request(workerId(id), admin)) {
            throw NotFoundException.worker(id);
        }
        log.info("{} asked worker {} for {}", caller.name(), id, admin);
        return ResponseEntity.accepted().body(get(id));
    }

    /** No worker has a blank id: such a path is a 404 like any other unknown worker. */
    private static WorkerId workerId(String id) {
        if (id.isBlank()) {
            throw NotFoundException.worker(id);
        }
        return WorkerId.of(id);
    }
}
