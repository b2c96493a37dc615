package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.slipway.testing.TestAuth;
import dev.slipway.testing.TestImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The web console at {@code /} as a person uses it, in Debian's Chromium, headless, against a
 * gateway and a worker running as their own processes: its files served without a token under a
 * policy that runs only its own scripts, signing in with a token, the API's field errors and the
 * JSON editor, artifacts downloaded with the token, a job submitted
 * from the Submit page whose log lines arrive while it runs, a source tarball uploaded there that
 * the job reads, a running job cancelled from its page,
 * the job list updating by itself, an environment created from a template with a command run in
 * its terminal, the fleet, tokens and audit pages, an admin managing a user and their tokens on the
 * users page, what a plain user is not offered, and a refused
 * token sending the page back to sign-in. No page may report a JavaScript error. Every page is
 * saved as a screenshot under {@code target/console-screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConsoleBrowserE2E {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/console-screenshots");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String POOL = "console-" + RUN;
    private static final String TEMPLATE = "console-box-" + RUN;
    private static final String WORKER_ID = "console-host-" + RUN;
    private static final String USER = "cuser-" + RUN;
    private static final String MANAGED_USER = "u-" + RUN;
    private static final Duration SOON = Duration.ofSeconds(30);
    private static final int LOG_LINES = 40;
    private static final String PROVOKED_REFUSAL =
            "/api/v1/jobs - Failed to load resource: the server responded with a status of 400";

    private static final Path DOWNLOADS = Path.of("target/console-downloads").toAbsolutePath();

    private static BuildFarm farm;
    private static SlipwayProcess gateway;
    private static SlipwayApi api;
    private static ChromeDriver browser;
    private static final List<LogEntry> browserLog = new ArrayList<>();
    private static final List<String> environmentIds = new ArrayList<>();
    private static String userToken;

    @BeforeAll
    static void startAGatewayAWorkerAndABrowser() throws Exception {
        assumeTrue(
                Files.isExecutable(CHROMIUM) || System.getenv("CI") != null,
                "no " + CHROMIUM + ": deploy/dev/provision.sh installs Chromium and its driver");
        assertThat(CHROMIUM).as("Chromium, which CI must have").isExecutable();
        assertThat(CHROMEDRIVER).as("ChromeDriver").isExecutable();

        farm = BuildFarm.start("console", WORKER_ID, POOL, Map.of(), Map.of());
        gateway = farm.gateway();
        api = farm.api();
        expect(201, api.post("/api/v1/templates", """
                {"name":"%s","image":"%s","pool":"%s","resources":{"cpus":0.5,"memoryMb":64,"pidsLimit":64}}
                """.formatted(TEMPLATE, TestImage.BUSYBOX, POOL)));
        expect(201, api.post("/api/v1/users", "{\"name\":\"%s\",\"role\":\"user\"}".formatted(USER)));
        userToken = SlipwayApi.parse(
                        expect(201, api.post("/api/v1/users/" + USER + "/tokens", "{\"name\":\"console-e2e\"}")))
                .get("token")
                .asString();
        Files.createDirectories(SCREENSHOTS);
        Files.createDirectories(DOWNLOADS);
        Files.deleteIfExists(DOWNLOADS.resolve("report.txt"));
        browser = startBrowser();
    }

    @AfterEach
    void keepTheBrowserLog() {
        if (browser != null) {
            browserLog.addAll(browser.manage().logs().get(LogType.BROWSER).getAll());
        }
    }

    @AfterAll
    static void closeTheBrowserAndRemoveEverything() throws Exception {
        if (browser != null) {
            saveBrowserLog();
            browser.quit();
        }
        if (api != null) {
            for (String id : environmentIds) {
                api.delete("/api/v1/environments/" + id);
            }
            for (String id : environmentIds) {
                try {
                    await().atMost(SOON)
                            .ignoreExceptions()
                            .until(() -> Host.environmentContainerState(id).isEmpty());
                } catch (RuntimeException | AssertionError e) {
                    System.err.println("environment " + id + " did not end cleanly: " + e);
                }
            }
            api.delete("/api/v1/templates/" + TEMPLATE);
            api.delete("/api/v1/users/" + USER);
            api.delete("/api/v1/users/" + MANAGED_USER);
        }
        if (farm != null) {
            farm.close();
        }
    }

    @Test
    @Order(1)
    void theConsoleIsServedWithoutATokenAndAllowsOnlyItsOwnScripts() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("script-src 'self'", "connect-src 'self'")
                .doesNotContainPattern("<script(?![^>]*\\bsrc=)");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        for (String asset : List.of("/console/app.js", "/console/console.css", "/vendor/anser/anser.js")) {
            HttpResponse<String> file = http.send(
                    HttpRequest.newBuilder(URI.create(gateway.baseUrl() + asset))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(file.statusCode()).as(asset).isEqualTo(200);
        }
    }

    @Test
    @Order(2)
    void signingInWithATokenShowsWhoItBelongsTo() throws Exception {
        browser.get(gateway.baseUrl() + "/");
        WebElement tokenField = await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> browser.findElement(By.id("signin-token")), WebElement::isDisplayed);
        screenshot("signin");

        tokenField.sendKeys(TestAuth.ADMIN_TOKEN + Keys.ENTER);

        awaitText(By.id("who"), "admin (admin)");
        assertThat(script("return localStorage.getItem('slipway.token')")).isEqualTo(TestAuth.ADMIN_TOKEN);
        assertThat(browser.manage().getCookies())
                .as("the token is never a cookie")
                .isEmpty();
        assertThat(browser.findElement(By.cssSelector("a[data-nav=audit]")).isDisplayed())
                .as("an admin is offered the audit trail")
                .isTrue();
    }

    @Test
    @Order(3)
    void theSubmitPageShowsTheFieldsTheApiRefusedAndSubmitsJson() throws Exception {
        go("#/submit");
        WebElement image = await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> browser.findElement(By.id("submit-image")), WebElement::isDisplayed);
        image.clear();
        image.sendKeys("Not An Image!");
        browser.findElement(By.id("submit-script")).sendKeys("echo never");
        browser.findElement(By.id("submit-send")).click();

        awaitTextContaining(By.id("submit-outcome"), "image");
        assertThat(browser.findElement(By.id("submit-outcome")).getText()).startsWith("400");
        assertThat(image.getDomAttribute("class"))
                .as("the refused field is marked")
                .contains("invalid");
        assertThat(browser.getCurrentUrl()).endsWith("#/submit");

        browser.findElement(By.id("submit-tab-json")).click();
        WebElement json = browser.findElement(By.id("submit-json"));
        assertThat(json.getDomProperty("value")).as("the form, carried over").contains("\"Not An Image!\"");
        json.clear();
        json.sendKeys("{\"image\": ");
        browser.findElement(By.id("submit-send")).click();
        awaitTextContaining(By.id("submit-outcome"), "Not JSON");

        json.clear();
        json.sendKeys("""
                {"image":"%s","command":["echo","from the JSON editor"],"pool":"%s"}""".formatted(TestImage.BUSYBOX, POOL));
        browser.findElement(By.id("submit-send")).click();
        await().atMost(SOON).until(() -> browser.getCurrentUrl().contains("#/jobs/"));
        awaitLogLine("from the JSON editor");
    }

    @Test
    @Order(4)
    void aJobSubmittedFromTheSubmitPageShowsItsLogLinesWhileItRuns() throws Exception {
        go("#/submit");
        WebElement image = await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> browser.findElement(By.id("submit-image")), WebElement::isDisplayed);
        image.clear();
        image.sendKeys(TestImage.BUSYBOX);
        browser.findElement(By.id("submit-script"))
                .sendKeys(
                        "printf '\\033[31mred\\033[0m plain\\n'",
                        Keys.ENTER,
                        "echo oops >&2",
                        Keys.ENTER,
                        "for i in $(seq 1 " + LOG_LINES + "); do echo \"line $i\"; sleep 0.2; done");
        WebElement pool = browser.findElement(By.id("submit-pool"));
        pool.clear();
        pool.sendKeys(POOL);
        browser.findElement(By.id("submit-env")).sendKeys("GREETING=hi");
        screenshot("submit");

        browser.findElement(By.id("submit-send")).click();

        await().atMost(SOON).until(() -> browser.getCurrentUrl().contains("#/jobs/"));
        String jobId = browser.getCurrentUrl().substring(browser.getCurrentUrl().indexOf("#/jobs/") + 7);
        awaitLogLine("line 3");
        assertThat(jobState(jobId))
                .as("the job still runs while its lines arrive")
                .isEqualTo("RUNNING");
        assertThat(browser.findElement(By.id("job-log-state")).getDomAttribute("data-ended"))
                .isNull();
        assertThat(SlipwayApi.parse(expect(200, api.get("/api/v1/jobs/" + jobId)))
                        .get("spec")
                        .get("env")
                        .get("GREETING")
                        .asString())
                .isEqualTo("hi");

        WebElement red = browser.findElement(By.xpath("//pre[@id='job-log']//span[text()='red']"));
        assertThat(red.getCssValue("color")).as("the ANSI colour").isEqualTo("rgba(187, 0, 0, 1)");
        WebElement oops = browser.findElement(By.xpath("//pre[@id='job-log']/span[contains(., 'oops')]"));
        assertThat(oops.getDomAttribute("class")).as("an stderr line is marked").contains("stderr");

        // Autoscroll holds while the reader is at the bottom, and stops once they scroll up.
        awaitLogLine("line 20");
        assertThat(atBottom()).as("the log follows its end").isTrue();
        script("const log = document.getElementById('job-log'); log.scrollTop = 0;"
                + " log.dispatchEvent(new Event('scroll'));");
        long linesWhenScrolledUp = logLineCount();
        await().atMost(SOON)
                .until(() -> browser.findElement(By.id("job-log-jump")).isDisplayed());
        script("window.scrollTo(0, 0)");
        screenshot("job");
        awaitLogLine("line " + LOG_LINES);
        assertThat(logLineCount()).as("lines arrived after scrolling up").isGreaterThan(linesWhenScrolledUp);
        assertThat((Long) script("return document.getElementById('job-log').scrollTop"))
                .as("the log stays where the reader scrolled")
                .isZero();
        browser.findElement(By.id("job-log-jump")).click();
        assertThat(atBottom()).as("jump to end").isTrue();

        awaitText(By.id("job-state"), "SUCCEEDED");
        awaitText(By.id("job-log-state"), "ended: SUCCEEDED, exit 0");
        assertThat(logLineCount()).as("every line once").isEqualTo(LOG_LINES + 2);
    }

    @Test
    @Order(5)
    void aSourceTarballUploadedOnTheSubmitPageIsTheJobsWorkingDirectory() throws Exception {
        byte[] archive = tarGz("hello.txt", "hello from an upload\n");
        Path file = Path.of("target/console-upload-" + RUN + ".tar.gz").toAbsolutePath();
        Files.write(file, archive);
        go("#/submit");
        WebElement image = await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> browser.findElement(By.id("submit-image")), WebElement::isDisplayed);
        image.clear();
        image.sendKeys(TestImage.BUSYBOX);
        browser.findElement(By.id("submit-script")).sendKeys("cat hello.txt");
        WebElement pool = browser.findElement(By.id("submit-pool"));
        pool.clear();
        pool.sendKeys(POOL);

        browser.findElement(By.id("submit-source")).sendKeys(file.toString());

        awaitText(By.id("submit-upload-sha256"), sha256(archive));
        String uploadId = browser.findElement(By.id("submit-upload-id")).getText();
        assertThat(uploadId).startsWith("upl_");
        assertThat(browser.findElement(By.id("submit-upload")).getText())
                .as("the size the gateway stored")
                .contains("(" + archive.length + " bytes)");
        browser.findElement(By.id("submit-send")).click();

        await().atMost(SOON).until(() -> browser.getCurrentUrl().contains("#/jobs/"));
        String jobId = browser.getCurrentUrl().substring(browser.getCurrentUrl().indexOf("#/jobs/") + 7);
        awaitLogLine("hello from an upload");
        assertThat(SlipwayApi.parse(expect(200, api.get("/api/v1/jobs/" + jobId)))
                        .get("spec")
                        .get("source")
                        .get("upload")
                        .asString())
                .isEqualTo(uploadId);
        awaitText(By.id("job-state"), "SUCCEEDED");
    }

    @Test
    @Order(6)
    void aRunningJobIsCancelledFromItsPage() throws Exception {
        String jobId = submit(List.of("echo started", "sleep 300"));
        go("#/jobs/" + jobId);
        awaitLogLine("started");
        awaitText(By.id("job-state"), "RUNNING");

        browser.findElement(By.id("job-cancel")).click();

        awaitText(By.id("job-state"), "CANCELLED");
        assertThat(jobState(jobId)).isEqualTo("CANCELLED");
        assertThat(browser.findElements(By.id("job-cancel")))
                .as("no cancel for a finished job")
                .isEmpty();
    }

    @Test
    @Order(7)
    void aJobsArtifactsAreListedAndDownloadedWithTheToken() throws Exception {
        String jobId = api.submit("""
                {"image":"%s","pool":"%s","script":["mkdir -p out && echo kept by the console > out/report.txt"],
                 "timeoutSeconds":60,"artifacts":{"paths":["out/**"]}}""".formatted(TestImage.BUSYBOX, POOL));
        go("#/jobs/" + jobId);
        WebElement link = await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> browser.findElement(By.linkText("out/report.txt")), WebElement::isDisplayed);

        link.click();

        Path downloaded = DOWNLOADS.resolve("report.txt");
        await().atMost(SOON)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(Files.readString(downloaded)).isEqualTo("kept by the console\n"));
        assertThat(browser.findElement(By.id("job-artifacts")).getText()).contains("All as a zip", "20 B");
    }

    @Test
    @Order(8)
    void theJobListShowsNewJobsByItselfAndFiltersByState() throws Exception {
        go("#/jobs?pool=" + POOL);
        awaitText(By.id("jobs-live"), "● live");
        String jobId = submit(List.of("echo listed"));

        await().atMost(SOON)
                .untilAsserted(() -> assertThat(browser.findElements(
                                By.cssSelector("tr[data-job-id='" + jobId + "'][data-state=SUCCEEDED]")))
                        .as("the new job, arrived without a reload, at its end")
                        .hasSize(1));
        screenshot("jobs");

        assertThat(column("pool")).as("the pool filter").isNotEmpty().containsOnly(POOL);

        new Select(browser.findElement(By.id("filter-state"))).selectByValue("CANCELLED");

        await().atMost(SOON)
                .untilAsserted(() -> assertThat(column("state")).isNotEmpty().containsOnly("CANCELLED"));
        assertThat(browser.getCurrentUrl()).endsWith("#/jobs?state=CANCELLED&pool=" + POOL);
    }

    @Test
    @Order(9)
    void anEnvironmentCreatedFromItsPageRunsACommandInItsTerminal() throws Exception {
        go("#/environments");
        await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> browser.findElement(By.cssSelector("tr[data-template='" + TEMPLATE + "']")) != null);
        // the list is read again every few seconds, which may replace the choice under the click
        await().atMost(SOON).ignoreExceptions().untilAsserted(() -> {
            new Select(browser.findElement(By.id("env-template"))).selectByValue(TEMPLATE);
            assertThat(browser.findElement(By.id("env-template")).getDomProperty("value"))
                    .isEqualTo(TEMPLATE);
        });
        browser.findElement(By.id("env-name")).sendKeys("console");
        browser.findElement(By.id("env-create-button")).click();

        await().atMost(SOON).until(() -> browser.getCurrentUrl().contains("#/environments/"));
        String environmentId =
                browser.getCurrentUrl().substring(browser.getCurrentUrl().indexOf("#/environments/") + 15);
        environmentIds.add(environmentId);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .untilAsserted(
                        () -> assertThat(browser.findElement(By.id("env-state")).getText())
                                .isEqualTo("RUNNING"));
        assertThat(browser.findElement(By.id("env-countdown")).getText()).startsWith("expires in 7h");
        await().atMost(SOON)
                .ignoreExceptions()
                .until(() ->
                        Integer.parseInt(browser.findElement(By.id("env-stats")).getDomAttribute("data-samples")) >= 2);
        assertThat(browser.findElement(By.cssSelector("svg.sparkline polyline.cpu"))
                        .getDomAttribute("points"))
                .contains(",");
        go("#/environments");
        await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> browser.findElement(By.cssSelector("tr[data-environment='" + environmentId + "']"))
                        .getText()
                        .contains("RUNNING"));
        screenshot("environments");

        go("#/environments/" + environmentId);
        await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> browser.findElement(By.id("env-tab-terminal")).isDisplayed());
        browser.findElement(By.id("env-tab-terminal")).click();
        String console = browser.getWindowHandle();
        Set<String> windowsBefore = browser.getWindowHandles();
        browser.findElement(By.id("env-open-terminal")).click();
        String terminal = await().atMost(SOON)
                .until(
                        () -> browser.getWindowHandles().stream()
                                .filter(handle -> !windowsBefore.contains(handle))
                                .findFirst()
                                .orElse(null),
                        handle -> handle != null);
        browser.switchTo().window(terminal);
        try {
            await().atMost(SOON)
                    .ignoreExceptions()
                    .until(() -> "connected"
                            .equals(browser.findElement(By.id("status")).getDomAttribute("data-state")));
            new Actions(browser)
                    .click(browser.findElement(By.cssSelector(".xterm")))
                    .sendKeys("echo $((6*7))" + Keys.ENTER)
                    .perform();
            await().atMost(SOON).untilAsserted(() -> assertThat(terminalLines()).contains("42"));
            // some work for the stats sparkline to show
            new Actions(browser)
                    .sendKeys("timeout 3 sh -c 'while :; do :; done'" + Keys.ENTER)
                    .perform();
            screenshot("terminal");
        } finally {
            browserLog.addAll(browser.manage().logs().get(LogType.BROWSER).getAll());
            browser.close();
            browser.switchTo().window(console);
        }
        await().atMost(SOON)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(
                                browser.findElement(By.id("env-sessions")).getText())
                        .contains("OPEN"));
        browser.findElement(By.id("env-tab-overview")).click();
        await().atMost(SOON)
                .ignoreExceptions()
                .until(() ->
                        Integer.parseInt(browser.findElement(By.id("env-stats")).getDomAttribute("data-samples")) >= 8);
        screenshot("environment");
    }

    @Test
    @Order(10)
    void anAdminCordonsAndUncordonsAWorker() throws Exception {
        go("#/workers");
        By row = By.cssSelector("tr[data-worker='" + WORKER_ID + "']");
        await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> browser.findElement(row).getText().contains("ACTIVE"));
        await().atMost(SOON)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(browser.findElement(By.cssSelector("tr[data-pool='" + POOL + "']"))
                                .getText())
                        .contains(WORKER_ID));
        screenshot("workers");

        click(row, "Cordon");
        await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> browser.findElement(row).getText().contains("CORDONED"));
        click(row, "Uncordon");
        await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> browser.findElement(row).getText().contains("ACTIVE"));
    }

    @Test
    @Order(11)
    void aTokenIsCreatedWithItsSecretShownOnceAndRevoked() throws Exception {
        go("#/tokens");
        await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> browser.findElement(By.id("token-name")).isDisplayed());
        browser.findElement(By.id("token-name")).sendKeys("from-the-console" + Keys.ENTER);

        String secret = await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> browser.findElement(By.id("token-secret")).getText(), text -> text.startsWith("slp_"));
        assertThat(api.as(secret).get("/api/v1/me").statusCode())
                .as("the new token works")
                .isEqualTo(200);
        screenshot("tokens");
        WebElement row = browser.findElements(By.cssSelector("#token-list tr")).stream()
                .filter(tr -> tr.getText().contains("from-the-console"))
                .findFirst()
                .orElseThrow();
        String tokenId = row.getDomAttribute("data-token");

        row.findElement(By.xpath(".//button[text()='Revoke']")).click();

        await().atMost(SOON)
                .until(() -> browser.findElements(By.cssSelector("tr[data-token='" + tokenId + "']"))
                        .isEmpty());
        await().atMost(SOON).until(() -> api.as(secret).get("/api/v1/me").statusCode() == 401);
    }

    @Test
    @Order(12)
    void anAdminCreatesAUserChangesTheirRoleIssuesAndRevokesTheirTokenAndDeletesThem() throws Exception {
        go("#/users");
        WebElement name = await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> browser.findElement(By.id("user-name")), WebElement::isDisplayed);
        name.sendKeys(MANAGED_USER);
        new Select(browser.findElement(By.id("user-role"))).selectByValue("user");
        browser.findElement(By.id("user-new-maxActiveJobs")).sendKeys("3");
        browser.findElement(By.id("user-create")).click();

        await().atMost(SOON).until(() -> browser.getCurrentUrl().endsWith("#/users/" + MANAGED_USER));
        JsonNode created = SlipwayApi.parse(expect(200, api.get("/api/v1/users/" + MANAGED_USER)));
        assertThat(created.get("role").asString()).isEqualTo("user");
        assertThat(created.get("quotas").get("maxActiveJobs").asInt()).isEqualTo(3);

        WebElement tokenName = await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> browser.findElement(By.id("token-name")), WebElement::isDisplayed);
        tokenName.sendKeys("issued-by-admin" + Keys.ENTER);
        String secret = await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> browser.findElement(By.id("token-secret")).getText(), text -> text.startsWith("slp_"));
        HttpResponse<String> me = api.as(secret).get("/api/v1/me");
        assertThat(me.statusCode()).as("the issued token works").isEqualTo(200);
        assertThat(SlipwayApi.parse(me.body()).get("name").asString())
                .as("and signs in the user it was issued for")
                .isEqualTo(MANAGED_USER);

        new Select(browser.findElement(By.id("user-edit-role"))).selectByValue("operator");
        browser.findElement(By.id("user-save")).click();
        awaitText(By.id("user-saved"), "Saved: operator, enabled.");
        assertThat(SlipwayApi.parse(expect(200, api.get("/api/v1/users/" + MANAGED_USER)))
                        .get("role")
                        .asString())
                .isEqualTo("operator");

        WebElement row = await().atMost(SOON)
                .ignoreExceptions()
                .until(
                        () -> browser.findElements(By.cssSelector("#token-list tr")).stream()
                                .filter(tr -> tr.getText().contains("issued-by-admin"))
                                .findFirst()
                                .orElse(null),
                        tr -> tr != null);
        String tokenId = row.getDomAttribute("data-token");
        row.findElement(By.xpath(".//button[text()='Revoke']")).click();
        await().atMost(SOON)
                .until(() -> browser.findElements(By.cssSelector("tr[data-token='" + tokenId + "']"))
                        .isEmpty());
        await().atMost(SOON).until(() -> api.as(secret).get("/api/v1/me").statusCode() == 401);

        go("#/users");
        await().atMost(SOON)
                .ignoreExceptions()
                .untilAsserted(
                        () -> assertThat(browser.findElement(By.cssSelector("tr[data-user='" + MANAGED_USER + "']"))
                                        .getText())
                                .contains("operator", "ENABLED", "Active jobs: 3"));
        screenshot("users");

        go("#/users/" + MANAGED_USER);
        await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> browser.findElement(By.id("user-delete")), WebElement::isDisplayed)
                .click();
        Alert confirm = await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> browser.switchTo().alert(), a -> true);
        assertThat(confirm.getText()).contains("Delete user " + MANAGED_USER);
        confirm.accept();
        await().atMost(SOON).until(() -> browser.getCurrentUrl().endsWith("#/users"));
        assertThat(api.get("/api/v1/users/" + MANAGED_USER).statusCode())
                .as("deleted")
                .isEqualTo(404);
    }

    @Test
    @Order(13)
    void theAuditPageListsWhatWasDone() throws Exception {
        go("#/audit");
        await().atMost(SOON)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(
                                browser.findElement(By.id("audit-rows")).getText())
                        .contains(
                                "job.submit",
                                "job.cancel",
                                "token.create",
                                "token.revoke",
                                "worker.cordon",
                                "user.change",
                                "user.delete",
                                "upload.upload"));
        screenshot("audit");
    }

    @Test
    @Order(14)
    void aUserIsNotOfferedWhatOnlyOperatorsAndAdminsMayDo() {
        browser.findElement(By.id("signout")).click();
        WebElement tokenField =
                await().atMost(SOON).until(() -> browser.findElement(By.id("signin-token")), WebElement::isDisplayed);
        assertThat(script("return localStorage.getItem('slipway.token')"))
                .as("sign-out forgets the token")
                .isNull();
        tokenField.sendKeys(userToken + Keys.ENTER);
        awaitText(By.id("who"), USER + " (user)");
        assertThat(browser.findElement(By.cssSelector("a[data-nav=audit]")).isDisplayed())
                .isFalse();

        go("#/workers");
        By row = By.cssSelector("tr[data-worker='" + WORKER_ID + "']");
        await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> browser.findElement(row).isDisplayed());
        await().atMost(SOON)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(browser.findElement(row).findElements(By.tagName("button")))
                        .as("no cordon, uncordon or drain for a user")
                        .isEmpty());
    }

    @Test
    @Order(15)
    void noPageReportedAJavaScriptError() {
        browserLog.addAll(browser.manage().logs().get(LogType.BROWSER).getAll());
        // The one refusal the tests provoke on purpose, the submission of a bad image, is logged
        // by Chromium as a failed load; anything else SEVERE is a fault of the page.
        assertThat(browserLog.stream()
                        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                        .filter(entry -> !entry.getMessage().contains(PROVOKED_REFUSAL)))
                .as("SEVERE entries of the browser's console")
                .isEmpty();
        assertThat((List<?>) script("return window.slipwayConsole.errors"))
                .as("errors the page caught")
                .isEmpty();
    }

    @Test
    @Order(16)
    void aRefusedTokenSendsThePageBackToSignIn() throws Exception {
        String tokenId = SlipwayApi.parse(expect(200, api.get("/api/v1/users/" + USER + "/tokens")))
                .get(0)
                .get("id")
                .asString();
        expect(204, api.delete("/api/v1/users/" + USER + "/tokens/" + tokenId));

        go("#/jobs");

        await().atMost(SOON)
                .until(() -> browser.findElement(By.id("signin-token")).isDisplayed());
        assertThat(browser.findElement(By.id("signin-error")).getText()).startsWith("Please sign in again");
        assertThat(script("return localStorage.getItem('slipway.token')")).isNull();
    }

    private static byte[] tarGz(String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(bytes.length);
            entry.setMode(0644);
            tar.putArchiveEntry(entry);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static ChromeDriver startBrowser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        options.setExperimentalOption(
                "prefs",
                Map.of("download.default_directory", DOWNLOADS.toString(), "download.prompt_for_download", false));
        Path logs = Path.of(System.getProperty("slipway.e2e.logs", "target/e2e-logs"));
        Files.createDirectories(logs);
        // The driver is named, so Selenium Manager never looks for one to download.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(logs.resolve("console-chromedriver.log").toFile())
                .build();
        return new ChromeDriver(service, options);
    }

    private static void saveBrowserLog() {
        try {
            browserLog.addAll(browser.manage().logs().get(LogType.BROWSER).getAll());
            Path logs = Path.of(System.getProperty("slipway.e2e.logs", "target/e2e-logs"));
            Files.writeString(
                    logs.resolve("console-browser-console.log"),
                    browserLog.stream().map(LogEntry::toString).collect(Collectors.joining("\n")) + "\n");
        } catch (Exception e) {
            System.err.println("no browser console log: " + e);
        }
    }

    private static void screenshot(String name) throws Exception {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void go(String hash) {
        script("location.hash = arguments[0]", hash);
    }

    private static Object script(String source, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(source, arguments);
    }

    private static void awaitText(By where, String text) {
        await().atMost(SOON)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .untilAsserted(
                        () -> assertThat(browser.findElement(where).getText()).isEqualTo(text));
    }

    private static void awaitTextContaining(By where, String text) {
        await().atMost(SOON)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .untilAsserted(
                        () -> assertThat(browser.findElement(where).getText()).contains(text));
    }

    private static void awaitLogLine(String text) {
        await().atMost(SOON)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> !browser.findElements(
                                By.xpath("//pre[@id='job-log']/span[normalize-space(.)='" + text + "']"))
                        .isEmpty());
    }

    private static long logLineCount() {
        return (Long) script("return document.querySelectorAll('#job-log > .line').length");
    }

    private static boolean atBottom() {
        return (Boolean) script("const log = document.getElementById('job-log');"
                + " return log.scrollHeight > log.clientHeight"
                + " && log.scrollHeight - log.scrollTop - log.clientHeight < 4;");
    }

    @SuppressWarnings("unchecked")
    private static List<String> column(String name) {
        return (List<String>) script(
                "return [...document.querySelectorAll('#jobs-rows tr')].map(tr => tr.dataset[arguments[0]])", name);
    }

    @SuppressWarnings("unchecked")
    private static List<String> terminalLines() {
        return ((List<String>) script("""
                        const buffer = window.slipwayTerminal.term.buffer.active;
                        const lines = [];
                        for (let i = 0; i < buffer.length; i++) {
                          lines.push(buffer.getLine(i).translateToString(true));
                        }
                        return lines;""")).stream().map(String::strip).toList();
    }

    /** Clicks a button of a row that the page may replace at any moment (it reads the list again). */
    private static void click(By row, String label) {
        await().atMost(SOON).ignoreExceptions().until(() -> {
            browser.findElement(row)
                    .findElement(By.xpath(".//button[text()='" + label + "']"))
                    .click();
            return true;
        });
    }

    private static String submit(List<String> script) throws Exception {
        return SlipwayApi.parse(expect(201, api.post("/api/v1/jobs", SlipwayApi.jobBody(POOL, script, 600))))
                .get("id")
                .asString();
    }

    private static String jobState(String id) throws Exception {
        return SlipwayApi.parse(expect(200, api.get("/api/v1/jobs/" + id)))
                .get("state")
                .asString();
    }

    private static String expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body();
    }
}
