package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testing.SseTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Prometheus's view of a gateway and a worker jar on the real broker, Redis and Docker: jobs run
 * and an event stream held open move the meters, and every series the Grafana dashboard queries is
 * one the two applications export.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class MetricsE2E {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String POOL = "metrics-" + RUN;
    private static final String WORKER = "metrics-" + RUN;
    private static final String SCRAPE_TOKEN = "e2e-scrape-token-" + RUN + "-0123456789abcdef";
    private static final Duration SOON = Duration.ofSeconds(60);
    private static final Path DASHBOARD =
            Path.of(System.getProperty("slipway.repo.root", ".."), "deploy/grafana/dashboards/slipway.json");
    /** A metric name in PromQL: Slipway's all start so. */
    private static final Pattern METRIC = Pattern.compile("\\bslipway_[a-zA-Z0-9_]+");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static BuildFarm farm;
    private static SlipwayApi api;

    @BeforeAll
    static void startAGatewayAndAWorker() throws Exception {
        farm = BuildFarm.start(
                "metrics", WORKER, POOL, Map.of("slipway.gateway.metrics.scrape-token", SCRAPE_TOKEN), Map.of());
        api = farm.api();
    }

    @AfterAll
    static void stop() throws Exception {
        if (farm != null) {
            farm.close();
        }
    }

    @Test
    void jobsAndStreamsMoveTheMetersAndTheDashboardQueriesOnlyExportedSeries() throws Exception {
        String first = api.submit(SlipwayApi.jobBody(POOL, List.of("seq 1 100", "sleep 5"), 60));
        Scrape streamsOpen;
        try (SseTestClient events = SseTestClient.open(
                farm.gateway().baseUrl() + "/api/v1/jobs/" + first + "/events", api.authorization())) {
            assertThat(events.response().statusCode()).isEqualTo(200);
            streamsOpen = await().atMost(SOON)
                    .until(
                            MetricsE2E::scrapeGateway,
                            scrape -> scrape.value("slipway_sse_streams", Map.of())
                                            .orElse(0)
                                    >= 1);
        }
        String second = api.submit(SlipwayApi.jobBody(POOL, List.of("seq 1 50"), 60));
        for (String id : List.of(first, second)) {
            assertThat(api.awaitTerminal(id, SOON).get("state").asString()).isEqualTo("SUCCEEDED");
        }

        Scrape gateway = scrapeGateway();
        Scrape worker = await().atMost(SOON)
                .until(
                        MetricsE2E::scrapeWorker,
                        scrape ->
                                scrape.value("slipway_jobs_finished_total", Map.of("pool", POOL, "state", "SUCCEEDED"))
                                                .orElse(0)
                                        == 2);
        assertThat(gateway.value("slipway_jobs_submitted_total", Map.of("pool", POOL)))
                .hasValue(2);
        assertThat(worker.value("slipway_jobs_queue_wait_seconds_count", Map.of("pool", POOL)))
                .hasValue(2);
        assertThat(worker.value("slipway_jobs_run_time_seconds_count", Map.of("pool", POOL, "state", "SUCCEEDED")))
                .hasValue(2);
        assertThat(worker.value("slipway_jobs_dispatch_latency_seconds_count", Map.of("pool", POOL)))
                .hasValue(2);
        assertThat(worker.value("slipway_log_lines_total", Map.of("worker", WORKER)))
                .hasValue(150);
        assertThat(worker.value("slipway_worker_slots", Map.of("worker", WORKER, "state", "free")))
                .hasValue(2);
        assertThat(worker.value("slipway_worker_jobs_running", Map.of("worker", WORKER)))
                .hasValue(0);
        assertThat(gateway.value("slipway_sse_streams", Map.of())).isPresent();
        assertThat(streamsOpen.samples()).isNotEmpty();

        Set<String> queried = dashboardSeries();
        assertThat(queried).hasSizeGreaterThanOrEqualTo(15);
        for (String series : queried) {
            assertThat(gateway.family(series).or(() -> worker.family(series)))
                    .as("the dashboard's %s is a series of a family the gateway or the worker exports", series)
                    .isPresent();
            assertThat(gateway.names().contains(series) || worker.names().contains(series))
                    .as("the dashboard's %s is in a scrape", series)
                    .isTrue();
        }
    }

    /** Every metric name in every panel's expression. */
    private static Set<String> dashboardSeries() throws Exception {
        JsonNode dashboard = SlipwayApi.parse(Files.readString(DASHBOARD));
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                String expr = target.get("expr").asString();
                Matcher metric = METRIC.matcher(expr);
                int found = 0;
                while (metric.find()) {
                    names.add(metric.group());
                    found++;
                }
                assertThat(found).as("a Slipway metric in %s", expr).isPositive();
                if (expr.contains("histogram_quantile")) {
                    assertThat(expr).as("a quantile over buckets").containsPattern("slipway_[a-z_]+_bucket\\[");
                }
            }
        }
        return names;
    }

    private static Scrape scrapeGateway() throws Exception {
        return scrape(farm.gateway().baseUrl(), SCRAPE_TOKEN);
    }

    private static Scrape scrapeWorker() throws Exception {
        return scrape(farm.worker().baseUrl(), null);
    }

    private static Scrape scrape(String baseUrl, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Scrape.parse(response.body());
    }

    /**
     * One scrape in the Prometheus text format: its samples, and its families with their types
     * (from the {@code # TYPE} lines).
     */
    record Scrape(List<Sample> samples, Map<String, String> types) {

        record Sample(String name, Map<String, String> labels, double value) {}

        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

        static Scrape parse(String text) {
            List<Sample> samples = new ArrayList<>();
            Map<String, String> types = new HashMap<>();
            for (String line : text.lines().toList()) {
                if (line.startsWith("# TYPE ")) {
                    String[] parts = line.split(" ", -1);
                    types.put(parts[2], parts[3]);
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    int brace = line.indexOf('{');
                    int space = line.lastIndexOf(' ');
                    String name = brace >= 0 ? line.substring(0, brace) : line.substring(0, line.indexOf(' '));
                    Map<String, String> labels = new HashMap<>();
                    if (brace >= 0) {
                        Matcher label = LABEL.matcher(line.substring(brace, line.lastIndexOf('}')));
                        while (label.find()) {
                            labels.put(label.group(1), label.group(2));
                        }
                    }
                    samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
                }
            }
            return new Scrape(samples, types);
        }

        Set<String> names() {
            Set<String> names = new TreeSet<>();
            samples.forEach(sample -> names.add(sample.name()));
            return names;
        }

        /** The sum of the samples of {@code name} whose labels include {@code labels}; empty when none. */
        OptionalDouble value(String name, Map<String, String> labels) {
            List<Sample> matching = samples.stream()
                    .filter(sample -> sample.name().equals(name)
                            && sample.labels().entrySet().containsAll(labels.entrySet()))
                    .toList();
            return matching.isEmpty()
                    ? OptionalDouble.empty()
                    : OptionalDouble.of(
                            matching.stream().mapToDouble(Sample::value).sum());
        }

        /**
         * The family a series belongs to, by the suffix its type gives series: a histogram's
         * {@code _bucket}, {@code _count} and {@code _sum}, a counter's {@code _total}, a gauge's
         * name itself.
         */
        java.util.Optional<String> family(String series) {
            for (Map.Entry<String, String> family : types.entrySet()) {
                String name = family.getKey();
                boolean belongs = switch (family.getValue()) {
                    case "histogram" ->
                        series.equals(name + "_bucket")
                                || series.equals(name + "_count")
                                || series.equals(name + "_sum");
                    case "counter" ->
                        (series.equals(name) && name.endsWith("_total")) || series.equals(name + "_total");
                    default -> series.equals(name);
                };
                if (belongs) {
                    return java.util.Optional.of(name);
                }
            }
            return java.util.Optional.empty();
        }
    }
}
