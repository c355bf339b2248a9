package ai.sahha.bridge.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import ai.sahha.bridge.support.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Upgrading a journal keeps its receipts: a webhook received before the upgrade is still a duplicate after it. */
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

            assertThat(jdbc.queryForObject("SELECT received_at FROM webhook_receipt WHERE content_key = ?", Long.class,
                    (Object) digest)).isEqualTo(1_700_000_000_000L);
            assertThat(jdbc.update("INSERT INTO webhook_receipt (content_key, received_at) VALUES (?, ?)"
                    + " ON CONFLICT DO NOTHING", digest, 1_800_000_000_000L)).isZero();
        }
    }
}
