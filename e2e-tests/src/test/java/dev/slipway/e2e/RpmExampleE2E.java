package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.TestAuth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The RPM example as the README walks it, through the gateway and worker jars: {@code
 * examples/rpm/run.sh} uploads the spec and sources, submits the job, waits for it and downloads the
 * packages it kept; the binary package is then read with the host's {@code rpm}. The builder image
 * {@code slipway/rpm-builder:bookworm} is made by {@code deploy/dev/provision.sh}.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class RpmExampleE2E {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static BuildFarm farm;

    @BeforeAll
    static void startAGatewayAndAWorker() throws Exception {
        // the example's job goes to the default pool
        farm = BuildFarm.start("rpm", "rpm-" + RUN, "default", Map.of(), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (farm != null) {
            farm.close();
        }
    }

    @Test
    void theExampleBuildsAnRpmWhosePackageNamesItsVersionAndFiles() throws Exception {
        Path out = Files.createTempDirectory("slipway-rpm-out");
        Path upload = out.resolve("upload.tar.gz");

        String walk = run(
                Map.of("SLIPWAY_URL", farm.gateway().baseUrl(), "SLIPWAY_TOKEN", TestAuth.ADMIN_TOKEN),
                ROOT.resolve("examples/rpm/run.sh").toString(),
                upload.toString(),
                out.resolve("artifacts").toString());

        Path rpm = out.resolve("artifacts/RPMS/x86_64/hello-slipway-1.0.0-1.x86_64.rpm");
        assertThat(rpm).as(walk).exists();
        assertThat(out.resolve("artifacts/SRPMS/hello-slipway-1.0.0-1.src.rpm")).exists();
        String info = run(Map.of(), "rpm", "-qip", rpm.toString());
        assertThat(info).containsPattern("Name\\s*: hello-slipway").containsPattern("Version\\s*: 1.0.0");
        assertThat(run(Map.of(), "rpm", "-qlp", rpm.toString()))
                .contains("/usr/bin/hello-slipway")
                .contains("/usr/share/man/man1/hello-slipway.1.gz")
                .contains("LICENSE");
    }

    /** Runs a command to its end and answers its output; it must succeed. */
    private static String run(Map<String, String> environment, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + ":\n" + output)
                .isZero();
        return output;
    }
}
