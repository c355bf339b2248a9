package ai.sahha.bridge.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The files a team monitors with: every metric the Grafana dashboard and the alert rules query is one the bridge
 * exports from its start (before any webhook, every destination on), and the rules pass {@code promtool check rules}
 * and their unit tests ({@code promtool test rules}; skipped, and said so, where promtool is not installed).
 */
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bridge.webhook.secret=" + Webhooks.SECRET, "management.server.port=0",
                "bridge.destinations.customerio.credentials.site-id=site",
                "bridge.destinations.customerio.credentials.api-key=key",
                "bridge.destinations.customerio.base-url=http://127.0.0.1:9",
                "bridge.destinations.segment.credentials.write-key=write-key",
                "bridge.destinations.segment.base-url=http://127.0.0.1:9",
                "bridge.destinations.iterable.credentials.api-key=key",
                "bridge.destinations.iterable.base-url=http://127.0.0.1:9",
                "bridge.destinations.klaviyo.credentials.private-api-key=pk",
                "bridge.destinations.klaviyo.base-url=http://127.0.0.1:9",
                "bridge.destinations.mparticle.credentials.api-key=key",
                "bridge.destinations.mparticle.credentials.api-secret=secret",
                "bridge.destinations.mparticle.base-url=http://127.0.0.1:9/v2"})
@DirtiesContext
class MonitoringFilesTest {

    private static final Path DASHBOARD = Path.of("deploy/grafana/sahha-cx-bridge.json");
    private static final Path RULES = Path.of("deploy/prometheus/alerts.yaml");
    private static final Pattern METRIC = Pattern.compile("\\bbridge_[a-z_]+\\b");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", () -> TestDataDirs.create("monitoring").toString());
    }

    @LocalManagementPort
    int managementPort;

    @Test
    void everyDashboardQueryNamesAMetricTheBridgeExportsAtStart() throws IOException {
        Set<String> queried = new TreeSet<>();
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        assertThat(dashboard.get("panels")).hasSizeGreaterThanOrEqualTo(8);
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                Set<String> names = metrics(target.get("expr").asString());
                assertThat(names).as(panel.get("title").asString() + " queries a bridge metric").isNotEmpty();
                queried.addAll(names);
            }
        }
        assertThat(queried).contains("bridge_webhook_ack_seconds_bucket", "bridge_delivery_latency_seconds_bucket",
                "bridge_delivery_backlog", "bridge_delivery_oldest_waiting_seconds", "bridge_vendor_calls_total");
        assertThat(exported()).containsAll(queried);
    }

    @Test
    void everyAlertRuleQueriesAnExportedMetric() throws IOException {
        Set<String> queried = metrics(Files.readString(RULES));
        assertThat(queried).contains("bridge_delivery_dead_letters", "bridge_delivery_oldest_waiting_seconds",
                "bridge_webhooks_total", "bridge_vendor_rate_factor", "bridge_journal_writing");
        assertThat(exported()).containsAll(queried);
    }

    @Test
    void theAlertRulesPassPromtoolAndTheirUnitTests() throws Exception {
        assumeThat(onPath("promtool")).as("promtool is not installed (Debian package prometheus): rules not checked")
                .isTrue();
        assertThat(promtool("check", "rules", "alerts.yaml")).contains("SUCCESS: 6 rules found");
        assertThat(promtool("test", "rules", "alerts-test.yaml")).contains("SUCCESS");
    }

    /** Metric names on the Prometheus endpoint; a histogram's buckets, counts and sums included. */
    private Set<String> exported() {
        String scrape = Webhooks.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/actuator/prometheus")).build()).body();
        Set<String> names = new TreeSet<>();
        scrape.lines().filter(line -> line.startsWith("bridge_"))
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }

    private static Set<String> metrics(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("promtool").directory(RULES.getParent().toFile())
                .redirectErrorStream(true);
        builder.command().addAll(List.of(args));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
