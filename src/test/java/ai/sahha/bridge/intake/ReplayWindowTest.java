package ai.sahha.bridge.intake;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static ai.sahha.bridge.support.Webhooks.archetype;
import static ai.sahha.bridge.support.Webhooks.json;
import static ai.sahha.bridge.support.Webhooks.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.journal.JournalHousekeeping;
import ai.sahha.bridge.journal.ReceiptKey;
import ai.sahha.bridge.support.MovableClock;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.Webhooks;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.ObjectMapper;

/**
 * Finding 4 of the security review: Sahha signs no timestamp and receipts expired after 72 h, so a captured webhook
 * replayed later was journaled and sent again. With the default window (the dedupe window of 72 h less an hour), a
 * replay is always either a duplicate (its receipt is still there) or stale (its record is too old), also once the
 * receipts have been purged, and also for a record dated in the future. The clock is the test's.
 */
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bridge.webhook.secret=" + Webhooks.SECRET, "management.server.port=0",
                "bridge.webhook.max-record-age="})
@Import(ReplayWindowTest.Clocks.class)
@DirtiesContext
class ReplayWindowTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final MovableClock CLOCK = new MovableClock(NOW);

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", () -> TestDataDirs.create("replay").toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ReceiptRepository recentReceipts;

    @Autowired
    JournalHousekeeping housekeeping;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void now() {
        CLOCK.now = NOW;
    }

    @Test
    void aRecordOlderThanTheWindowIsAcknowledgedAsStaleAndNotJournaled() {
        double stale = counted("stale");
        assertThat(send("old-1", NOW.minus(Duration.ofHours(72)))).isEqualTo("{\"received\":true,\"stale\":true}");
        assertThat(send("old-2", NOW.minus(Duration.ofHours(70)))).isEqualTo("{\"received\":true}");
        assertThat(journaled("old-1")).isZero();
        assertThat(journaled("old-2")).isOne();
        assertThat(counted("stale")).isEqualTo(stale + 1);
    }

    @Test
    void aReplayIsADuplicateWhileItsReceiptIsKeptAndStaleOnceItIsPurged() {
        Instant created = NOW.minus(Duration.ofHours(1));
        assertThat(send("replayed-1", created)).isEqualTo("{\"received\":true}");

        CLOCK.now = NOW.plus(Duration.ofHours(60));
        housekeeping.purgeExpired();
        recentReceipts.clear(); // as another replica, or this one after a restart, would see it
        assertThat(send("replayed-1", created)).isEqualTo("{\"received\":true,\"duplicate\":true}");

        CLOCK.now = NOW.plus(Duration.ofHours(73));
        housekeeping.purgeExpired();
        recentReceipts.clear();
        assertThat(receipts("replayed-1", created)).as("purged after the dedupe window").isZero();
        assertThat(send("replayed-1", created)).isEqualTo("{\"received\":true,\"stale\":true}");
        assertThat(journaled("replayed-1")).isOne();
    }

    @Test
    void aRecordDatedInTheFutureKeepsItsReceiptUntilTheWindowHasPassedItsDate() {
        Instant created = NOW.plus(Duration.ofHours(100));
        assertThat(send("future-1", created)).isEqualTo("{\"received\":true}");

        CLOCK.now = NOW.plus(Duration.ofHours(150));
        housekeeping.purgeExpired();
        recentReceipts.clear();
        assertThat(send("future-1", created)).isEqualTo("{\"received\":true,\"duplicate\":true}");
        assertThat(journaled("future-1")).isOne();
    }

    private String send(String person, Instant created) {
        return post(port, ARCHETYPE, person, json(archetype(person, "short_sleeper", created.toString()))).body();
    }

    private int journaled(String person) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM journal_event WHERE external_id = ?", Integer.class, person);
    }

    private int receipts(String person, Instant created) {
        byte[] body = json(archetype(person, "short_sleeper", created.toString()));
        byte[] key = HexFormat.of().parseHex(ReceiptKey.of(new ObjectMapper().readTree(body), ARCHETYPE, body));
        return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_receipt WHERE content_key = ?", Integer.class,
                (Object) key);
    }

    private double counted(String outcome) {
        return meters.find("bridge.webhooks").tag("outcome", outcome).counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }
}
