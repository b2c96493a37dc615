package dev.slipway.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gateway.identity.Role;
import dev.slipway.gateway.terminal.AttachMode;
import dev.slipway.gateway.terminal.TerminalStore;
import dev.slipway.gateway.terminal.TerminalTicket;
import dev.slipway.model.EnvironmentId;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.TerminalSession;
import dev.slipway.model.TerminalState;
import dev.slipway.model.TerminalWire;
import dev.slipway.model.WorkerId;
import dev.slipway.testing.TestRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The gateway's side of terminal sessions on a real Redis (database 10). */
class RedisTerminalStoreIntegrationTest {

    private TestRedis redis;
    private RedisTerminalStore store;

    @BeforeEach
    void connect() {
        redis = TestRedis.database(10);
        redis.flush();
        store = new RedisTerminalStore(redis.template(), JsonMapper.builder().build());
    }

    @AfterEach
    void disconnect() {
        redis.close();
    }

    @Test
    void aReplayHoldsAtLeastTheAskedBytesOfTheNewestOutputInOrder() {
        String session = UUID.randomUUID().toString();
        for (int i = 0; i < 300; i++) {
            byte[] chunk = new byte[100];
            Arrays.fill(chunk, (byte) ('a' + i % 26));
            append(session, TerminalWire.frame(TerminalWire.OUTPUT, chunk));
        }
        String newest = redis.template()
                .opsForStream()
                .info(RedisKeys.terminalOutput(session))
                .lastGeneratedId();

        TerminalStore.Replay replay = store.replay(session, 10_000);

        assertThat(replay.frames()).hasSize(100);
        assertThat(replay.lastId()).isEqualTo(newest);
        assertThat(replay.frames().getFirst()[1])
                .as("oldest of the hundred newest")
                .isEqualTo((byte) ('a' + 200 % 26));
        assertThat(replay.frames().getLast()[1]).isEqualTo((byte) ('a' + 299 % 26));
        assertThat(store.replay(UUID.randomUUID().toString(), 10_000))
                .isEqualTo(new TerminalStore.Replay(java.util.List.of(), "0-0"));
    }

    @Test
    void aTicketCanBeTakenOnce() {
        TerminalTicket ticket = new TerminalTicket(
                "s", EnvironmentId.of(UUID.randomUUID().toString()), "alice", Role.ADMIN, AttachMode.WATCH);
        store.saveTicket("hash", ticket, Duration.ofSeconds(30));

        assertThat(store.takeTicket("hash")).contains(ticket);
        assertThat(store.takeTicket("hash")).isEmpty();
    }

    @Test
    void aNewSessionIsRecordedAndRequestedOfItsWorker() {
        WorkerId worker = WorkerId.of("w-" + UUID.randomUUID());
        TerminalSession session = new TerminalSession(
                UUID.randomUUID().toString(),
                EnvironmentId.of(UUID.randomUUID().toString()),
                "alice",
                worker,
                TerminalState.OPENING,
                80,
                24,
                Instant.now(),
                60,
                Instant.now().plusSeconds(600),
                null,
                null,
                null);

        store.create(session, Duration.ofMinutes(20));

        assertThat(store.find(session.id())).contains(session);
        assertThat(redis.template().getExpire(RedisKeys.terminal(session.id()))).isPositive();
        var requests = redis.template()
                .opsForStream()
                .range(RedisKeys.workerTerminalRequests(worker), org.springframework.data.domain.Range.unbounded());
        assertThat(requests).hasSize(1);
        assertThat(requests.getFirst().getValue().get(RedisKeys.EVENT_FIELD)).isEqualTo(session.id());
    }

    @Test
    void inputFramesAreStoredByteForByte() {
        String session = UUID.randomUUID().toString();
        byte[] frame = TerminalWire.frame(TerminalWire.STDIN, new byte[] {(byte) 0xe2, (byte) 0x82, 0, (byte) 0xff});

        store.sendInput(session, frame);

        byte[] key = RedisKeys.terminalInput(session).getBytes(StandardCharsets.UTF_8);
        var stored = redis.template().execute((org.springframework.data.redis.core.RedisCallback<
                        java.util.List<org.springframework.data.redis.connection.stream.ByteRecord>>)
                connection ->
                        connection.streamCommands().xRange(key, org.springframework.data.domain.Range.unbounded()));
        assertThat(stored).hasSize(1);
        assertThat(stored.getFirst().getValue().values()).singleElement().isEqualTo(frame);
    }

    private void append(String session, byte[] frame) {
        byte[] key = RedisKeys.terminalOutput(session).getBytes(StandardCharsets.UTF_8);
        redis.template().execute((org.springframework.data.redis.core.RedisCallback<Object>) connection -> connection
                .streamCommands()
                .xAdd(org.springframework.data.redis.connection.stream.StreamRecords.rawBytes(
                                java.util.Map.of(RedisKeys.EVENT_FIELD.getBytes(StandardCharsets.UTF_8), frame))
                        .withStreamKey(key)));
    }
}
