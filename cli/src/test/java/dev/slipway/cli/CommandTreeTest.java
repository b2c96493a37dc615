package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cli.config.CliContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command parses its arguments and gets as far as the gateway, and has its help. */
class CommandTreeTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int slipway(String commandLine) {
        Map<String, String> environment =
                Map.of("HOME", home.toString(), "SLIPWAY_URL", "http://127.0.0.1:1", "SLIPWAY_TOKEN", "t");
        CliContext context = new CliContext(
                environment,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]));
        return Main.commandLine(context, environment).execute(commandLine.split(" "));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "run busybox -- sh -c true",
                "run --detach --pool p --timeout 5 -e A=1 busybox",
                "logs 1",
                "logs -f 1",
                "jobs ls --state running --pool p --limit 5 --output json",
                "jobs get 1 -o json",
                "jobs cancel 1",
                "workers ls",
                "workers get w",
                "workers cordon w",
                "workers uncordon w",
                "workers drain w",
                "env create --template t --name n --ttl PT1H --wait --output json",
                "env ls --state running",
                "env get e",
                "env start e",
                "env stop e",
                "env restart e",
                "env rm e",
                "env exec --timeout 5 e -- sh -c true",
                "env shell e",
                "artifacts ls 1",
                "artifacts get 1 dist/app.tar -o -",
                "users ls -o json",
                "users get ana",
                "users create ana --role operator --max-active-jobs 3 --max-environments 1"
                        + " --max-environment-cpus 1.5 --max-environment-memory-mb 512 -o json",
                "users set ana --role USER --disabled true --max-active-jobs 0",
                "users rm ana",
                "tokens ls",
                "tokens ls --user ana -o json",
                "tokens create",
                "tokens create --user ana --name ci --days 7",
                "tokens revoke tok_1 --user ana",
                "tokens revoke tok_1"
            })
    void reachesTheGatewayWithItsArguments(String commandLine) {
        assertThat(slipway(commandLine))
                .as(err.toString(StandardCharsets.UTF_8))
                .isEqualTo(69);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("slipway: cannot reach the gateway");
    }

    @ParameterizedTest
    @ValueSource(strings = {"upload %s", "upload -o json %s", "run --source %s busybox -- cat hello.txt"})
    void anUploadIsTarredAndReachesTheGateway(String commandLine) throws Exception {
        Path source = Files.createDirectories(home.resolve("src"));
        Files.writeString(source.resolve("hello.txt"), "hello\n");

        assertThat(slipway(commandLine.formatted(source)))
                .as(err.toString(StandardCharsets.UTF_8))
                .isEqualTo(69);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("slipway: cannot reach the gateway");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--help",
                "users create --help",
                "users set --help",
                "tokens create --help",
                "upload --help",
                "run --help",
                "jobs ls --help",
                "env exec --help",
                "env shell --help",
                "workers drain --help",
                "artifacts get --help",
                "completion"
            })
    void everyCommandHasItsHelp(String commandLine) {
        assertThat(slipway(commandLine)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "run",
                "jobs get",
                "env exec e",
                "bogus",
                "jobs ls --output yaml",
                "users create ana",
                "users create ana --role root",
                "users set ana",
                "users set ana --disabled maybe",
                "tokens revoke",
                "upload"
            })
    void aBadCommandLineIsAUsageError(String commandLine) {
        assertThat(slipway(commandLine)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("slipway: ");
    }
}
