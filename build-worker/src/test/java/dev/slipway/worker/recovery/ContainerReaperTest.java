package dev.slipway.worker.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.JobId;
import dev.slipway.model.JobRecord;
import dev.slipway.model.JobState;
import dev.slipway.model.JobTransition;
import dev.slipway.model.JobUpdate;
import dev.slipway.model.WorkerId;
import dev.slipway.worker.config.TestWorkerProperties;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.execution.ActiveAttempts;
import dev.slipway.worker.execution.ContainerRuntime;
import dev.slipway.worker.execution.ContainerSpec;
import dev.slipway.worker.execution.EngineInfo;
import dev.slipway.worker.execution.JobContainer;
import dev.slipway.worker.execution.JobStateStore;
import dev.slipway.worker.output.OutputListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ContainerReaperTest {

    private static final JobId JOB = JobId.of("01936f3e-1b2c-7d4e-8f90-a1b2c3d4e5f6");
    private static final String ME = "worker-a";

    private final Map<JobId, JobRecord> jobs = new HashMap<>();
    private final Set<String> activeHere = new HashSet<>();
    private final FakeRuntime runtime = new FakeRuntime();
    private final ContainerReaper reaper = new ContainerReaper(runtime, new KnownJobs(), new Active(), properties());

    @Test
    void aContainerOfAnUnknownJobLabelledWithThisWorkerIsRemoved() {
        assertThat(reaper.reasonToRemove(container(1, ME)))
                .hasValueSatisfying(r -> assertThat(r).contains("unknown"));
    }

    /** Another installation (another Redis) on the same Docker engine: its jobs are unknown here and not ours to kill. */
    @Test
    void aContainerOfAnUnknownJobStartedByAnotherWorkerIsLeftAlone() {
        assertThat(reaper.reasonToRemove(container(1, "a-worker-of-another-installation")))
                .isEmpty();
    }

    @Test
    void aContainerOfAFinishedJobIsRemovedWhoeverMadeIt() {
        jobs.put(JOB, job(JobState.CANCELLED, 1));

        assertThat(reaper.reasonToRemove(container(1, "worker-b")))
                .hasValueSatisfying(r -> assertThat(r).contains("CANCELLED"));
    }

    @Test
    void aContainerOfAnEarlierAttemptIsRemoved() {
        jobs.put(JOB, job(JobState.RUNNING, 2));

        assertThat(reaper.reasonToRemove(container(1, "worker-b")))
                .hasValueSatisfying(r -> assertThat(r).contains("no longer current"));
    }

    @Test
    void aContainerOfAnAttemptThatWasRequeuedIsRemoved() {
        jobs.put(JOB, job(JobState.QUEUED, 1));

        assertThat(reaper.reasonToRemove(container(1, "worker-b"))).isPresent();
    }

    @Test
    void theCurrentAttemptOfAnotherWorkerOnThisHostIsLeftAlone() {
        jobs.put(JOB, job(JobState.RUNNING, 1));

        assertThat(reaper.reasonToRemove(container(1, "worker-b"))).isEmpty();
    }

    @Test
    void theCurrentAttemptThisWorkerRunsIsLeftAloneAlsoWhileCancelling() {
        jobs.put(JOB, job(JobState.CANCELLING, 1));
        activeHere.add(JOB.value() + "#1");

        assertThat(reaper.reasonToRemove(container(1, ME))).isEmpty();
    }

    @Test
    void aContainerLabelledWithThisWorkerThatItDoesNotRunIsRemoved() {
        jobs.put(JOB, job(JobState.RUNNING, 1));

        assertThat(reaper.reasonToRemove(container(1, ME)))
                .hasValueSatisfying(r -> assertThat(r).contains("earlier run"));
    }

    @Test
    void reapRemovesExactlyTheOrphans() {
        JobId other = JobId.of("01936f3e-1b2c-7d4e-8f90-a1b2c3d4e5f7");
        jobs.put(JOB, job(JobState.RUNNING, 3));
        jobs.put(other, job(JobState.SUCCEEDED, 1));
        runtime.containers.add(new JobContainer("keep", JOB, 3, "worker-b"));
        runtime.containers.add(new JobContainer("stale", JOB, 2, "worker-b"));
        runtime.containers.add(new JobContainer("done", other, 1, ME));

        reaper.reap();

        assertThat(runtime.removed).containsExactlyInAnyOrder("stale", "done");
    }

    private static JobRecord job(JobState state, int attempt) {
        return new JobRecord(JOB, state, attempt, 0, 1, null, "admin", "default", JobRecord.Times.UNKNOWN);
    }

    private static JobContainer container(int attempt, String worker) {
        return new JobContainer("c-" + attempt, JOB, attempt, worker);
    }

    private static WorkerProperties properties() {
        return TestWorkerProperties.of(ME, List.of());
    }

    private final class Active extends ActiveAttempts {
        @Override
        public boolean runs(JobId job, int attempt) {
            return activeHere.contains(job.value() + "#" + attempt);
        }
    }

    private final class KnownJobs implements JobStateStore {
        @Override
        public Optional<JobRecord> find(JobId job) {
            return Optional.ofNullable(jobs.get(job));
        }

        @Override
        public JobUpdate update(JobId job, Function<JobRecord, Optional<JobTransition>> decide) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LeaseStatus renew(JobId job, int attempt, WorkerId worker, Duration term) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ExpiredLeases expiredLeases(Duration quietLimit, Duration term, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, String> secrets(JobId job) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void dropLease(JobId job) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class FakeRuntime implements ContainerRuntime {

        @Override
        public java.io.InputStream archive(String containerId, String path) {
            throw new UnsupportedOperationException("the reaper reads no archives");
        }

        @Override
        public void extract(String containerId, String directory, java.io.InputStream tar, boolean toContainerUser) {
            throw new UnsupportedOperationException("the reaper unpacks nothing");
        }

        final List<JobContainer> containers = new ArrayList<>();
        final List<String> removed = new ArrayList<>();

        @Override
        public List<JobContainer> jobContainers() {
            return List.copyOf(containers);
        }

        @Override
        public void remove(String containerId) {
            removed.add(containerId);
        }

        @Override
        public EngineInfo engineInfo() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String create(ContainerSpec spec, Duration pullTimeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Attachment attach(String containerId, OutputListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void start(String containerId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public OptionalInt awaitExit(String containerId, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void stop(String containerId, Duration gracePeriod) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean pause(String containerId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.OptionalLong writableLayerBytes(String containerId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void resume(String containerId) {
            throw new UnsupportedOperationException();
        }
    }
}
