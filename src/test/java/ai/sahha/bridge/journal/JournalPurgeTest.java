package ai.sahha.bridge.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import ai.sahha.bridge.PersonTags;
import ai.sahha.bridge.support.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Housekeeping forgets what is old and done, and keeps what is still waiting or was dead-lettered. */
class JournalPurgeTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration DEDUPE_WINDOW = Duration.ofHours(72);
    private static final Duration RETENTION = Duration.ofDays(7);

    @ParameterizedTest
    @MethodSource("ai.sahha.bridge.support.TestDatabases#available")
    void oldDeliveredEventsAndOldReceiptsGoWaitingAndDeadLetteredEventsStay(String database) throws Exception {
        try (HikariDataSource dataSource = TestDatabases.migrated(database)) {
            Instant eightDaysAgo = NOW.minus(Duration.ofDays(8));
            journal(dataSource, eightDaysAgo, "delivered-long-ago", "rescheduled", "dead-lettered");
            DeliveryStore then = store(dataSource, eightDaysAgo.plusSeconds(60));
            Claim first = then.claim("customerio", 10);
            for (DeliveryJob job : first.jobs()) {
                switch (job.externalId()) {
                    case "delivered-long-ago" -> then.delivered(job);
                    case "rescheduled" -> then.failed(job, new DeliveryFailure(false, 503, "busy", null));
                    default -> then.failed(job, new DeliveryFailure(true, 400, "refused", null));
                }
            }
            then.finish(first);
            journal(dataSource, eightDaysAgo, "not-delivered-yet");
            journal(dataSource, NOW.minus(Duration.ofDays(1)), "delivered-yesterday");
            DeliveryStore now = store(dataSource, NOW);
            Claim second = now.claim("customerio", 10);
            second.jobs().stream().filter(job -> job.externalId().equals("delivered-yesterday"))
                    .forEach(now::delivered);

            int removed = now.purge(DEDUPE_WINDOW, RETENTION);

            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            assertThat(removed).isEqualTo(1);
            assertThat(jdbc.queryForList("SELECT external_id FROM journal_event ORDER BY external_id", String.class))
                    .containsExactly("dead-lettered", "delivered-yesterday", "not-delivered-yet", "rescheduled");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_receipt", Long.class)).isEqualTo(1);
            assertThat(now.deadLetters("customerio", null, 10)).hasSize(1);
        }
    }

    private static void journal(DataSource dataSource, Instant at, String... people) throws Exception {
        try (Journal journal = new Journal(dataSource, 100, 10, Clock.fixed(at, ZoneOffset.UTC))) {
            for (String person : people) {
                journal.append(new Journal.Entry("%064x".formatted(person.hashCode()), "ArchetypeCreatedIntegrationEvent",
                        person, "{}", List.of("customerio"))).get();
            }
        }
    }

    private static DeliveryStore store(DataSource dataSource, Instant at) {
        return new DeliveryStore(dataSource, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                "replica", Duration.ofMinutes(5), new RetrySchedule(Duration.ofMinutes(1), Duration.ofHours(1),
                Duration.ofHours(24)), Clock.fixed(at, ZoneOffset.UTC), new PersonTags(new byte[32]));
    }
}
