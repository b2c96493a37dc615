package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.slipway.testing.TcpProxy;
import dev.slipway.testing.TestAuth;
import dev.slipway.testing.TestImage;
import dev.slipway.testing.TestServices;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import tools.jackson.databind.JsonNode;

/**
 * The web terminal as a person uses it: Debian's Chromium, headless, on {@code /terminal.html}
 * behind a stand-in load balancer in front of two gateways, on an environment of a worker running
 * as its own process. A command typed in the page runs in the environment; a resized window resizes
 * the shell's terminal; the gateway the page talks to is killed and the page reconnects through the
 * other with the screen and the shell intact; closing the session leaves no shell in the container.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TerminalBrowserE2E {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String POOL = "terminal-" + RUN;
    private static final String TEMPLATE = "terminal-box-" + RUN;
    private static final String WORKER_ID = "terminal-host-" + RUN;
    private static final Duration SOON = Duration.ofSeconds(30);
    private static final Pattern SIZE = Pattern.compile("size=(\\d+) (\\d+)");
    private static final String SCREEN = """
            const buffer = window.slipwayTerminal.term.buffer.active;
            const lines = [];
            for (let i = 0; i < buffer.length; i++) {
              lines.push(buffer.getLine(i).translateToString(true));
            }
            return lines;""";

    private static SlipwayProcess gatewayA;
    private static SlipwayProcess gatewayB;
    private static SlipwayProcess worker;
    private static TcpProxy balancer;
    private static SlipwayApi api;
    private static String environmentId;
    private static Set<String> processesBefore = Set.of();
    private static ChromeDriver browser;

    @BeforeAll
    static void startTwoGatewaysBehindABalancerAWorkerAndABrowser() throws Exception {
        assumeTrue(
                Files.isExecutable(CHROMIUM) || System.getenv("CI") != null,
                "no " + CHROMIUM + ": deploy/dev/provision.sh installs Chromium and its driver");
        assertThat(CHROMIUM).as("Chromium, which CI must have").isExecutable();
        assertThat(CHROMEDRIVER).as("ChromeDriver").isExecutable();

        gatewayA = SlipwayProcess.start("terminal-gateway-a", "slipway.gateway.jar", TestServices.springProperties(3));
        gatewayB = SlipwayProcess.start("terminal-gateway-b", "slipway.gateway.jar", TestServices.springProperties(3));
        worker = SlipwayProcess.start(
                WORKER_ID, "slipway.worker.jar", SlipwayProcess.quickRecoveryWorker(WORKER_ID, POOL, "3s"));
        gatewayA.awaitHealthy(Duration.ofSeconds(90));
        gatewayB.awaitHealthy(Duration.ofSeconds(90));
        worker.awaitHealthy(Duration.ofSeconds(90));
        balancer = TcpProxy.to("127.0.0.1", port(gatewayA));
        api = new SlipwayApi(gatewayB.baseUrl());

        expect(201, api.post("/api/v1/templates", """
                {"name":"%s","image":"%s","pool":"%s","resources":{"cpus":0.5,"memoryMb":64,"pidsLimit":64}}
                """.formatted(TEMPLATE, TestImage.BUSYBOX, POOL)));
        environmentId = SlipwayApi.parse(expect(
                        201,
                        api.post(
                                "/api/v1/environments",
                                "{\"template\":\"%s\",\"name\":\"terminal\"}".formatted(TEMPLATE))))
                .get("id")
                .asString();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> environment().get("state").asString().equals("RUNNING"));
        processesBefore = processes();

        browser = startBrowser();
    }

    @AfterAll
    static void closeTheBrowserAndRemoveEverything() throws Exception {
        if (browser != null) {
            saveBrowserLog();
            browser.quit();
        }
        if (api != null && environmentId != null) {
            api.delete("/api/v1/environments/" + environmentId);
            try {
                await().atMost(SOON)
                        .ignoreExceptions()
                        .until(() ->
                                Host.environmentContainerState(environmentId).isEmpty());
            } catch (RuntimeException | AssertionError e) {
                System.err.println("environment " + environmentId + " did not end cleanly: " + e);
            }
        }
        if (api != null) {
            api.delete("/api/v1/templates/" + TEMPLATE);
        }
        for (SlipwayProcess process : new SlipwayProcess[] {worker, gatewayB, gatewayA}) {
            if (process != null) {
                process.close();
            }
        }
        if (balancer != null) {
            balancer.close();
        }
        Host.removeContainersOfWorker(WORKER_ID);
    }

    @Test
    @Order(1)
    void aCommandTypedInThePageRunsInTheEnvironment() throws Exception {
        browser.get(pageUrl("/terminal.html?environment=" + environmentId));
        awaitState("signin");
        script("localStorage.setItem('slipway.token', arguments[0])", TestAuth.ADMIN_TOKEN);
        browser.navigate().refresh();
        awaitState("connected");
        String sessionId = (String) script("return window.slipwayTerminal.sessionId");
        assertThat(browser.getCurrentUrl()).as("a reload reattaches").contains("session=" + sessionId);

        type("echo $((6*7))");

        awaitLine("42");
        assertThat(processes())
                .as("the session's shell runs in the environment")
                .isNotEqualTo(processesBefore);
    }

    @Test
    @Order(2)
    void aResizedWindowResizesTheShellsTerminal() {
        long colsBefore = (Long) script("return window.slipwayTerminal.term.cols");

        browser.manage().window().setSize(new Dimension(760, 520));
        await().atMost(SOON).until(() -> (Long) script("return window.slipwayTerminal.term.cols") != colsBefore);
        type("echo size=$(stty size)");

        Matcher size = await().atMost(SOON).until(TerminalBrowserE2E::sizeLine, matcher -> matcher != null);
        assertThat(Long.parseLong(size.group(1))).isEqualTo(script("return window.slipwayTerminal.term.rows"));
        assertThat(Long.parseLong(size.group(2))).isEqualTo(script("return window.slipwayTerminal.term.cols"));
    }

    @Test
    @Order(3)
    void thePageReconnectsThroughAnotherGatewayWithTheScreenAndTheShellIntact() throws Exception {
        type("export FOO=bar; echo exported");
        awaitLine("exported"); // what a gateway holds when it dies is lost: kill it only once the shell had it
        script("""
                window.seenStates = [];
                const status = document.getElementById('status');
                new MutationObserver(() => window.seenStates.push(status.dataset.state))
                    .observe(status, {attributes: true, attributeFilter: ['data-state']});""");

        gatewayA.kill();
        balancer.retarget("127.0.0.1", port(gatewayB));

        await().atMost(SOON).until(() -> seenStates().contains("reconnecting"));
        awaitState("connected");
        awaitLine("42");
        type("echo $FOO");
        awaitLine("bar");

        browser.navigate().refresh();
        awaitState("connected");
        assertThat(screen()).as("a reload reattaches to the session").contains("42", "bar");
    }

    @Test
    @Order(4)
    void closingTheSessionEndsItsShell() {
        browser.findElement(By.id("close")).click();

        awaitState("ended");
        await().atMost(SOON)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(processes())
                        .as("processes left after the session closed")
                        .isSubsetOf(processesBefore));
    }

    private static ChromeDriver startBrowser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1000,700");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        Path logs = Path.of(System.getProperty("slipway.e2e.logs", "target/e2e-logs"));
        Files.createDirectories(logs);
        // The driver is named, so Selenium Manager never looks for one to download.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(logs.resolve("terminal-chromedriver.log").toFile())
                .build();
        return new ChromeDriver(service, options);
    }

    private static void saveBrowserLog() {
        try {
            String lines = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::toString)
                    .collect(Collectors.joining("\n"));
            Path logs = Path.of(System.getProperty("slipway.e2e.logs", "target/e2e-logs"));
            Files.writeString(logs.resolve("terminal-browser-console.log"), lines + "\n");
        } catch (Exception e) {
            System.err.println("no browser console log: " + e);
        }
    }

    private static String pageUrl(String path) {
        return "http://127.0.0.1:" + balancer.port() + path;
    }

    private static Object script(String source, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(source, arguments);
    }

    /** Types a line into the terminal as a person would, ending with Enter. */
    private static void type(String line) {
        new Actions(browser)
                .click(browser.findElement(By.cssSelector(".xterm")))
                .sendKeys(line + Keys.ENTER)
                .perform();
    }

    /** The terminal's lines, scrollback included, as xterm.js holds them. */
    @SuppressWarnings("unchecked")
    private static List<String> screen() {
        return (List<String>) script(SCREEN);
    }

    @SuppressWarnings("unchecked")
    private static List<String> seenStates() {
        return (List<String>) script("return window.seenStates");
    }

    private static Matcher sizeLine() {
        for (String line : screen()) {
            Matcher matcher = SIZE.matcher(line.strip());
            if (matcher.matches()) {
                return matcher;
            }
        }
        return null;
    }

    private static void awaitLine(String line) {
        await().atMost(SOON)
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(screen().stream().map(String::strip))
                        .as("the terminal's lines, status '%s'", statusText())
                        .contains(line));
    }

    private static void awaitState(String state) {
        await().atMost(SOON)
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(
                        () -> assertThat(browser.findElement(By.id("status")).getDomAttribute("data-state"))
                                .as("the page's state, status '%s'", statusText())
                                .isEqualTo(state));
        assertThat(script("return window.slipwayTerminal.state")).isEqualTo(state);
    }

    private static String statusText() {
        return browser.findElement(By.id("status")).getText();
    }

    /** The container's processes as "PID ARGS", less the {@code ps} that lists them. */
    private static Set<String> processes() throws Exception {
        JsonNode exec = SlipwayApi.parse(expect(
                200,
                api.post(
                        "/api/v1/environments/" + environmentId + "/exec",
                        "{\"command\":[\"ps\",\"-o\",\"pid,args\"],\"timeoutSeconds\":20}")));
        assertThat(exec.get("exitCode").asInt()).as(exec.toString()).isZero();
        return exec.get("stdout")
                .asString()
                .lines()
                .skip(1)
                .map(String::strip)
                .filter(process -> !process.endsWith(" ps -o pid,args"))
                .collect(Collectors.toSet());
    }

    private static JsonNode environment() throws Exception {
        return SlipwayApi.parse(expect(200, api.get("/api/v1/environments/" + environmentId)));
    }

    private static int port(SlipwayProcess process) {
        return URI.create(process.baseUrl()).getPort();
    }

    private static String expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body();
    }
}
