package ai.sahha.bridge.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import ai.sahha.bridge.PersonTags;
import ai.sahha.bridge.records.SahhaRecord.Ordering;
import ai.sahha.bridge.support.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
    private static final Duration SET_ASIDE = Duration.ofDays(30);

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

            DeliveryStore.Purged purged = now.purge(DEDUPE_WINDOW, RETENTION, SET_ASIDE);

            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            assertThat(purged.events()).isEqualTo(1);
            assertThat(jdbc.queryForList("SELECT external_id FROM journal_event ORDER BY external_id", String.class))
                    .containsExactly("dead-lettered", "delivered-yesterday", "not-delivered-yet", "rescheduled");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_receipt", Long.class)).isEqualTo(1);
            assertThat(now.deadLetters("customerio", null, 10)).hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource("ai.sahha.bridge.support.TestDatabases#available")
    void everyTableHasARetentionAppliedInBatches(String database) throws Exception {
        try (HikariDataSource dataSource = TestDatabases.migrated(database)) {
            Instant fortyDaysAgo = NOW.minus(Duration.ofDays(40));
            journal(dataSource, fortyDaysAgo, "dead-long-ago", "parked-long-ago");
            DeliveryStore then = store(dataSource, fortyDaysAgo);
            Claim old = then.claim("customerio", 10);
            for (DeliveryJob job : old.jobs()) {
                if (job.externalId().equals("dead-long-ago")) {
                    then.failed(job, new DeliveryFailure(true, 400, "refused", null));
                } else {
                    then.park(job, "no email address is mapped");
                }
            }
            then.finish(old);
            Instant lastWeek = NOW.minus(Duration.ofDays(7));
            journal(dataSource, lastWeek, "dead-last-week");
            DeliveryStore recently = store(dataSource, lastWeek);
            Claim recent = recently.claim("customerio", 10);
            recent.jobs().forEach(job -> recently.failed(job, new DeliveryFailure(true, 400, "refused", null)));
            recently.finish(recent);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            // more receipts than one batch takes
            jdbc.batchUpdate("INSERT INTO webhook_receipt (content_key, kept_from) VALUES (?, ?)",
                    IntStream.range(0, 12_000).mapToObj(i -> new Object[] {
                            ByteBuffer.allocate(32).putInt(i).array(), fortyDaysAgo.toEpochMilli()}).toList());
            DeliveredAttributes attributes = new DeliveredAttributes(dataSource, Clock.fixed(fortyDaysAgo.minus(
                    Duration.ofDays(60)), ZoneOffset.UTC));
            attributes.record(new DeliveredAttributes.Write("customerio", "someone", "sahha_archetype_weekly_sleep",
                    new Ordering(1, 0), "hash"));
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            JournalHousekeeping housekeeping = new JournalHousekeeping(store(dataSource, NOW), attributes,
                    new JournalHousekeeping.Retention(DEDUPE_WINDOW, RETENTION, SET_ASIDE, Duration.ofDays(90)),
                    Clock.fixed(NOW, ZoneOffset.UTC), meters);

            DeliveryStore.Purged purged = housekeeping.purgeExpired();

            assertThat(purged.receipts()).isEqualTo(12_000 + 3);
            assertThat(purged.deadLetters()).isEqualTo(1);
            assertThat(purged.parked()).isEqualTo(1);
            assertThat(jdbc.queryForList("SELECT external_id FROM journal_event", String.class))
                    .containsExactly("dead-last-week");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivered_attribute", Long.class)).isZero();
            assertThat(meters.counter("bridge.journal.purged", "what", "dead_letters").count()).isEqualTo(1);
            assertThat(meters.counter("bridge.journal.purged", "what", "delivered_attributes").count()).isEqualTo(1);
        }
    }

    /**
     * Reproduces a retention that never ended: H2 ran the {@code IN (subquery)} of the old DELETEs once per row of
     * the table, minutes per batch of 5,000 among 30,000 rows, and the housekeeping route that runs every purge
     * waited on it (in a soak, the journal was never purged at all).
     */
    @ParameterizedTest
    @MethodSource("ai.sahha.bridge.support.TestDatabases#available")
    void aPurgeAmongManyRowsTakesSecondsNotHours(String database) throws Exception {
        try (HikariDataSource dataSource = TestDatabases.migrated(database)) {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            long old = NOW.minus(Duration.ofDays(100)).toEpochMilli();
            long recent = NOW.minus(Duration.ofDays(1)).toEpochMilli();
            jdbc.batchUpdate("INSERT INTO delivered_attribute (destination, external_id, attribute, ordering_primary,"
                    + " ordering_secondary, value_hash, updated_at) VALUES ('customerio', ?, 'sahha_archetype_weekly"
                    + "_sleep_duration', 1, 0, 'hash', ?)", IntStream.range(0, 30_000).mapToObj(i -> new Object[] {
                            "person-" + i + "@example.com", i < 12_000 ? old + i : recent}).toList());
            DeliveredAttributes attributes = new DeliveredAttributes(dataSource, Clock.fixed(NOW, ZoneOffset.UTC));

            jdbc.batchUpdate("INSERT INTO webhook_receipt (content_key, kept_from) VALUES (?, ?)",
                    IntStream.range(0, 30_000).mapToObj(i -> new Object[] {
                            ByteBuffer.allocate(32).putInt(i).array(), i < 12_000 ? old : recent}).toList());
            JournalHousekeeping housekeeping = new JournalHousekeeping(store(dataSource, NOW), attributes,
                    new JournalHousekeeping.Retention(DEDUPE_WINDOW, RETENTION, SET_ASIDE, Duration.ofDays(90)),
                    Clock.fixed(NOW, ZoneOffset.UTC), new SimpleMeterRegistry());

            DeliveryStore.Purged purged = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    housekeeping::purgeExpired);

            assertThat(purged.receipts()).isEqualTo(12_000);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_receipt", Long.class)).isEqualTo(18_000);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivered_attribute", Long.class)).isEqualTo(18_000);
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
