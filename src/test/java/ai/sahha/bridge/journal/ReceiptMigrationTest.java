package ai.sahha.bridge.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

import ai.sahha.bridge.Hashing;
import ai.sahha.bridge.support.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.ObjectMapper;

/** Upgrading a journal keeps its receipts: a webhook received before an upgrade is still a duplicate after it. */
class ReceiptMigrationTest {

    @ParameterizedTest
    @MethodSource("ai.sahha.bridge.support.TestDatabases#available")
    void receiptsFromBeforeCompactKeysStillCatchRedeliveries(String database) throws Exception {
        try (HikariDataSource dataSource = TestDatabases.empty(database)) {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("3").load().migrate();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest("a webhook".getBytes(StandardCharsets.UTF_8));
            jdbc.update("INSERT INTO webhook_receipt (content_hash, received_at) VALUES (?, ?)",
                    HexFormat.of().formatHex(digest), 1_700_000_000_000L);

            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

            assertThat(jdbc.queryForObject("SELECT kept_from FROM webhook_receipt WHERE content_key = ?", Long.class,
                    (Object) digest)).isEqualTo(1_700_000_000_000L);
            assertThat(jdbc.update("INSERT INTO webhook_receipt (content_key, kept_from) VALUES (?, ?)"
                    + " ON CONFLICT DO NOTHING", digest, 1_800_000_000_000L)).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("ai.sahha.bridge.support.TestDatabases#available")
    void receiptsFromBeforeTimeOrderedKeysStillCatchRedeliveries(String database) throws Exception {
        try (HikariDataSource dataSource = TestDatabases.empty(database)) {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("6").load().migrate();
            String type = "ArchetypeCreatedIntegrationEvent";
            String body = "{\"id\":\"d2aa3724\",\"externalId\":\"person\",\"name\":\"sleep_duration\","
                    + "\"value\":\"short_sleeper\",\"createdAtUtc\":\"2026-11-20T10:00:00Z\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            jdbc.update("INSERT INTO webhook_receipt (content_key, received_at) VALUES (?, ?)",
                    Hashing.sha256((type + "\n").getBytes(StandardCharsets.UTF_8), bytes), 1_700_000_000_000L);
            jdbc.update("INSERT INTO journal_event (id, seq, event_type, external_id, payload, destinations, received_at)"
                    + " VALUES ('e1', 1, ?, 'person', ?, ',customerio,', 1700000000000)", type, body);

            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

            try (Journal journal = new Journal(dataSource, 10, 10, Clock.systemUTC())) {
                String redelivery = ReceiptKey.of(new ObjectMapper().readTree(bytes), type, bytes);
                assertThat(journal.append(new Journal.Entry(redelivery, type, "person", body, List.of("customerio")))
                        .get()).isEqualTo(Journal.Outcome.DUPLICATE);
            }
        }
    }
}
