package dev.slipway.worker.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.worker.execution.ContainerRuntime;
import dev.slipway.worker.execution.ContainerRuntimeException;
import dev.slipway.worker.execution.EngineInfo;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class HostPressureTest {

    @TempDir
    Path dir;

    @Test
    void aHostWithRoomHasNoProblemAndReportsItsEngine() throws Exception {
        HostPressure pressure = pressure(
                engine(dir.toString()), meminfo(4_000_000), true, DataSize.ofMegabytes(100), DataSize.ofBytes(1));

        HostPressure.Reading reading = pressure.read();

        assertThat(reading.problem()).isEmpty();
        assertThat(reading.engine())
                .hasValueSatisfying(engine -> assertThat(engine.version()).isEqualTo("28.2.2"));
    }

    @Test
    void availableMemoryBelowTheMinimumIsAProblemThatSaysHowMuchIsLeft() throws Exception {
        HostPressure pressure = pressure(
                engine(dir.toString()), meminfo(50 * 1024), true, DataSize.ofMegabytes(100), DataSize.ofBytes(1));

        assertThat(pressure.read().problem())
                .hasValueSatisfying(problem ->
                        assertThat(problem).contains("available memory 50 MiB").contains("minimum of 100 MiB"));
    }

    @Test
    void freeDiskBelowTheMinimumWhereDockerKeepsItsDataIsAProblem() throws Exception {
        HostPressure pressure = pressure(
                engine(dir.toString()), meminfo(4_000_000), true, DataSize.ofMegabytes(1), DataSize.ofTerabytes(1000));

        assertThat(pressure.read().problem())
                .hasValueSatisfying(problem -> assertThat(problem).startsWith("free disk at " + dir));
    }

    @Test
    void anEngineThatDoesNotAnswerIsAProblem() throws Exception {
        ContainerRuntime silent = runtime(() -> {
            throw new ContainerRuntimeException("asking the engine about itself failed: connection refused", null);
        });
        HostPressure pressure =
                pressure(silent, meminfo(4_000_000), true, DataSize.ofMegabytes(1), DataSize.ofBytes(1));

        HostPressure.Reading reading = pressure.read();

        assertThat(reading.engine()).isEmpty();
        assertThat(reading.problem())
                .hasValueSatisfying(problem ->
                        assertThat(problem).contains("does not answer").contains("connection refused"));
    }

    @Test
    void aRemoteEnginesHostIsNotJudgedByThisMachinesMemory() throws Exception {
        HostPressure pressure = pressure(
                engine(dir.toString()), meminfo(1), false, DataSize.ofMegabytes(100), DataSize.ofTerabytes(1000));

        assertThat(pressure.read().problem()).isEmpty();
    }

    @Test
    void onlyAUnixSocketOrNoDockerHostIsALocalEngine() {
        assertThat(HostPressure.engineIsLocal("")).isTrue();
        assertThat(HostPressure.engineIsLocal("unix:///var/run/docker.sock")).isTrue();
        assertThat(HostPressure.engineIsLocal("tcp://build-7:2376")).isFalse();
    }

    private HostPressure pressure(
            ContainerRuntime runtime, Path meminfo, boolean local, DataSize memory, DataSize disk) {
        return new HostPressure(runtime, meminfo, local, memory, disk);
    }

    private Path meminfo(long availableKib) throws Exception {
        Path file = dir.resolve("meminfo");
        Files.writeString(
                file,
                "MemTotal:       24000000 kB\nMemFree:          100000 kB\nMemAvailable:   " + availableKib + " kB\n");
        return file;
    }

    private static ContainerRuntime engine(String rootDir) {
        return runtime(() -> new EngineInfo("28.2.2", "x86_64", "linux", 2, 24L << 30, rootDir));
    }

    /** A runtime that only answers {@code engineInfo}: what the pressure check asks. */
    private static ContainerRuntime runtime(java.util.function.Supplier<EngineInfo> info) {
        return (ContainerRuntime) Proxy.newProxyInstance(
                HostPressureTest.class.getClassLoader(),
                new Class<?>[] {ContainerRuntime.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("engineInfo")) {
                        return info.get();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
