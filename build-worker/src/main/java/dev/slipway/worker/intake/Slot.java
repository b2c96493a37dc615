package dev.slipway.worker.intake;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import dev.slipway.model.WorkerId;
import dev.slipway.worker.execution.JobRunner;
import dev.slipway.worker.execution.JobStateStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * One job at a time, on its own channel. A slot asks for a job only when it is free: it takes a
 * waiting message with basic.get (round robin over its pools), or else consumes until one arrives
 * and cancels its consumers at once. So a busy slot never holds a message another worker could run
 * now, and the broker never holds an unacknowledged delivery for a whole build (RabbitMQ closes
 * channels past consumer_timeout). The message is acknowledged right after the claim is recorded in
 * Redis; from then on the lease, not the broker, guards the job.
 */
final class Slot {

    private static final Logger log = LoggerFactory.getLogger(Slot.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private record Delivery(long tag, byte[] body) {}

    private final int number;
    private final ConnectionFactory connections;
    private final IntakeQueues queues;
    private final JobMessageReader reader;
    private final JobRunner runner;
    private final JobStateStore states;
    private final WorkerId worker;
    private final Clock clock;
    private final IntakeGate gate;
    private final Thread thread;
    private volatile boolean taking = true;
    private int nextQueue;

    Slot(int number, ConnectionFactory connections, IntakeQueues queues, JobMessageReader reader, JobRunner runner,
            JobStateStore states, WorkerId worker, Clock clock, IntakeGate gate) {
        this.number = number;
        this.connections = connections;
        this.queues = queues;
        this.reader = reader;
        this.runner = runner;
        this.states = states;
        this.worker = worker;
        this.clock = clock;
        this.gate = gate;
        this.thread = Thread.ofPlatform().name("slot-" + number).unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    /** Takes no further job; one that runs goes on. */
    void stopTaking() {
        taking = false;
    }

    void awaitEnd(Duration patience) {
        try {
            if (!thread.join(patience)) {
                log.warn("Slot {} still busy after {}", number, patience);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        Duration backoff = Duration.ofMillis(100);
        while (taking) {
            Channel channel = null;
            try {
                channel = connections.createConnection().createChannel(false);
                channel.basicQos(1);
                backoff = Duration.ofMillis(100);
                while (taking) {
                    if (!gate.isOpen()) {
                        sleep(POLL);
                        continue;
                    }
                    Delivery delivery = next(channel);
                    if (delivery != null) {
                        handle(channel, delivery);
                    }
                }
            } catch (Exception e) {
                if (taking) {
                    log.warn("Slot {} lost its channel ({}); retrying in {}", number, e.toString(), backoff);
                    sleep(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            } finally {
                closeQuietly(channel);
            }
        }
    }

    /** Whether this slot should take a job now: not stopped, and the gate is open. */
    private boolean wanted() {
        return taking && gate.isOpen();
    }

    /**
     * The next delivery, or null when the slot stopped taking jobs, the gate shut, or the queues
     * changed while it waited.
     */
    private @Nullable Delivery next(Channel channel) throws IOException, InterruptedException {
        IntakeQueues.Snapshot snapshot = queues.current();
        List<String> names = snapshot.queues();
        for (int i = 0; i < names.size(); i++) {
            String queue = names.get(nextQueue % names.size());
            nextQueue = (nextQueue + 1) % names.size();
            GetResponse response = channel.basicGet(queue, false);
            if (response != null) {
                return new Delivery(response.getEnvelope().getDeliveryTag(), response.getBody());
            }
        }
        return consumeOne(channel, snapshot);
    }

    private @Nullable Delivery consumeOne(Channel channel, IntakeQueues.Snapshot snapshot) throws IOException, InterruptedException {
        List<String> names = snapshot.queues();
        BlockingQueue<Delivery> arrived = new LinkedBlockingQueue<>();
        CountDownLatch cancelled = new CountDownLatch(names.size());
        DefaultConsumer consumer = new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                arrived.add(new Delivery(envelope.getDeliveryTag(), body));
            }

            @Override
            public void handleCancelOk(String tag) {
                cancelled.countDown();
            }
        };
        List<String> tags = new ArrayList<>();
        for (String queue : names) {
            tags.add(channel.basicConsume(queue, false, consumer));
        }
        Delivery first = null;
        while (first == null && wanted() && queues.current().version() == snapshot.version()) {
            if (!channel.isOpen()) {
                throw new IOException("channel closed: " + channel.getCloseReason());
            }
            first = arrived.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
        for (String tag : tags) {
            channel.basicCancel(tag);
        }
        // Deliveries precede the cancel-ok on the channel: once every consumer is cancelled, all have arrived.
        if (!cancelled.await(5, TimeUnit.SECONDS)) {
            throw new IOException("the broker did not confirm cancelling the consumers");
        }
        if (first == null) {
            first = arrived.poll();
        }
        for (Delivery extra = arrived.poll(); extra != null; extra = arrived.poll()) {
            // basic.nack, not basic.reject: on RabbitMQ 4.3+ it does not count as a failed delivery.
            channel.basicNack(extra.tag(), false, true);
        }
        if (first != null && !wanted()) {
            channel.basicNack(first.tag(), false, true);
            return null;
        }
        return first;
    }

    private void handle(Channel channel, Delivery delivery) throws IOException, InterruptedException {
        switch (reader.read(delivery.body())) {
            case JobMessageReader.Unreadable unreadable -> {
                log.error("Dead-lettering a job message: {}", unreadable.reason());
                channel.basicReject(delivery.tag(), false);
                if (unreadable.jobId() != null) {
                    failQuietly(unreadable);
                }
            }
            case JobMessageReader.Readable readable -> {
                MDC.put("jobId", readable.message().jobId().value());
                Optional<JobRunner.Claim> claim;
                try {
                    claim = claimHoldingTheDelivery(readable);
                } finally {
                    MDC.remove("jobId");
                }
                if (claim == null) { // stopped while Redis was away: the message goes back
                    channel.basicNack(delivery.tag(), false, true);
                    return;
                }
                ackQuietly(channel, delivery);
                claim.ifPresent(runner::run);
            }
        }
    }

    /**
     * Claims in Redis, retrying while Redis is away; the unacknowledged delivery keeps the job in
     * the broker meanwhile. Null when the slot was stopped before the claim succeeded.
     */
    private @Nullable Optional<JobRunner.Claim> claimHoldingTheDelivery(JobMessageReader.Readable readable)
            throws InterruptedException {
        Duration backoff = Duration.ofMillis(100);
        while (true) {
            try {
                return runner.claim(readable.message());
            } catch (RuntimeException e) {
                if (!taking) {
                    return null;
                }
                log.warn("Could not claim job {} ({}); retrying in {}", readable.message().jobId(), e.toString(), backoff);
                Thread.sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** After the claim the job is safe in Redis: a failed ack only means a redelivery, which the claim ignores. */
    private void ackQuietly(Channel channel, Delivery delivery) {
        try {
            channel.basicAck(delivery.tag(), false);
        } catch (IOException | RuntimeException e) {
            log.warn("Could not acknowledge a claimed job message ({}); its redelivery will be ignored", e.toString());
        }
    }

    private void failQuietly(JobMessageReader.Unreadable unreadable) {
        try {
            states.failQueued(unreadable.jobId(), unreadable.reason(), worker, clock.instant());
        } catch (RuntimeException e) {
            log.warn("Could not mark job {} failed: {}", unreadable.jobId(), e.toString());
        }
    }

    private static void closeQuietly(@Nullable Channel channel) {
        if (channel != null && channel.isOpen()) {
            try {
                channel.close();
            } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException ignored) {
                // the channel is going away anyway
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
