package ai.sahha.bridge.journal;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.VendorStandIn;
import ai.sahha.bridge.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A {@code ./data} folder written by release 0.1.0 (H2 2.3.232, migrations V1 to V7) opens with this release's H2:
 * the fixture holds one accepted archetype for Segment whose delivery was under way when the process was killed
 * (made with {@code SEGMENT_HOST} pointing at a server that never answered, then {@code kill -9}).
 */
class PreviousReleaseDataTest {

    private static final String PERSON = "3f1c9a52-7e0b-4d7e-9a41-2c5d8e6b1f04";

    @Test
    void aDataFolderFromTheLastReleaseOpensAndItsUndeliveredEventIsDelivered() throws IOException {
        Path data = TestDataDirs.create("previous-release");
        try (InputStream fixture = new GZIPInputStream(getClass().getResourceAsStream(
                "/h2/bridge-0.1.0-h2-2.3.232.mv.db.gz"))) {
            Files.copy(fixture, data.resolve("bridge.mv.db"));
        }
        try (VendorStandIn vendors = new VendorStandIn();
             ConfigurableApplicationContext bridge = new SpringApplicationBuilder(BridgeApplication.class).run(
                     "--bridge.data-dir=" + data, "--server.port=0", "--management.server.port=0",
                     "--bridge.webhook.secret=" + Webhooks.SECRET, "--bridge.instance-id=fixture",
                     "--bridge.destinations.segment.credentials.write-key=key",
                     "--bridge.destinations.segment.base-url=" + vendors.baseUrl(),
                     "--bridge.destinations.segment.poll-interval-ms=50")) {
            JdbcTemplate jdbc = bridge.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\"",
                    Integer.class)).isGreaterThanOrEqualTo(7);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    vendors.calls("POST", VendorStandIn.SEGMENT_IDENTIFY, PERSON)).hasSize(1));

            String payload = jdbc.queryForObject("SELECT payload FROM journal_event WHERE external_id = ?",
                    String.class, PERSON);
            int port = bridge.getEnvironment().getProperty("local.server.port", Integer.class);
            assertThat(Webhooks.post(port, ARCHETYPE, PERSON, payload.getBytes(StandardCharsets.UTF_8)).body())
                    .as("the old release's receipt still recognises its webhook")
                    .isEqualTo("{\"received\":true,\"duplicate\":true}");
        }
    }
}
