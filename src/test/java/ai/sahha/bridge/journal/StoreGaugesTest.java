package ai.sahha.bridge.journal;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static ai.sahha.bridge.support.Webhooks.archetype;
import static ai.sahha.bridge.support.Webhooks.json;
import static ai.sahha.bridge.support.Webhooks.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The store's gauges on the Prometheus endpoint: the journal's events, the database's size and free share and the
 * data folder's free disk, read from the database and still read after a garbage collection (Micrometer holds a
 * gauge's object weakly unless told otherwise: a collected one reads NaN).
 */
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bridge.webhook.secret=" + Webhooks.SECRET, "management.server.port=0",
                "bridge.destinations.customerio.credentials.site-id=site",
                "bridge.destinations.customerio.credentials.api-key=key",
                "bridge.destinations.customerio.base-url=http://127.0.0.1:9"})
@DirtiesContext
class StoreGaugesTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", () -> TestDataDirs.create("store-gauges").toString());
    }

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;

    @Test
    void theStoreGaugesReadTheDatabaseAfterAGarbageCollection() {
        assertThat(post(port, ARCHETYPE, "gauged-person", json(archetype("gauged-person", "short_sleeper",
                "2025-07-13T13:08:53Z"))).statusCode()).isEqualTo(200);
        System.gc();
        String metrics = Webhooks.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/actuator/prometheus")).build()).body();

        assertThat(gauge(metrics, "bridge_journal_events")).isEqualTo(1);
        assertThat(gauge(metrics, "bridge_delivery_oldest_waiting_seconds")).as("waiting since the webhook").isBetween(0.0, 60.0);
        assertThat(gauge(metrics, "bridge_database_size_bytes")).isGreaterThan(0);
        assertThat(gauge(metrics, "bridge_database_free_ratio")).isBetween(0.0, 1.0);
        assertThat(gauge(metrics, "bridge_data_volume_free_ratio")).isBetween(0.0, 1.0);
    }

    private static double gauge(String metrics, String name) {
        Matcher line = Pattern.compile("(?m)^" + name + "\\{[^}]*} (\\S+)$").matcher(metrics);
        assertThat(line.find()).as(name + " exported").isTrue();
        return Double.parseDouble(line.group(1));
    }
}
