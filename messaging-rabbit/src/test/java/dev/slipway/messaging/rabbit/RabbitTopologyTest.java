package dev.slipway.messaging.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.EnvironmentTopology;
import dev.slipway.model.WorkerId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Queue;

class RabbitTopologyTest {

    @Test
    void aWorkersOwnQueueExpiresADayAfterItsLastUseAndPoolQueuesNever() {
        Queue worker = RabbitTopology.routeQueue(EnvironmentTopology.workerRoute(WorkerId.of("host-1")));
        Queue pool = RabbitTopology.routeQueue("default");
        Queue creates = RabbitTopology.routeQueue(EnvironmentTopology.createRoute("default", Map.of()));

        assertThat(worker.getArguments())
                .containsEntry("x-expires", 86_400_000L)
                .containsEntry("x-queue-type", "quorum");
        assertThat(pool.getArguments()).doesNotContainKey("x-expires");
        assertThat(creates.getArguments()).doesNotContainKey("x-expires");
    }
}
