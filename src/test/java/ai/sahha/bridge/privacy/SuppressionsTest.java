package ai.sahha.bridge.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

import ai.sahha.bridge.PersonTags;
import ai.sahha.bridge.support.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every replica re-reads the suppression list every few seconds. A re-read that runs while a forget (or a lift) has
 * not committed yet reads the list without it; it must not undo the change this replica already made, or a
 * forgotten person's next webhooks would be forwarded until the re-read after that.
 */
class SuppressionsTest {

    @Test
    void aReReadBeforeTheChangeCommitsDoesNotUndoIt() {
        try (HikariDataSource dataSource = TestDatabases.migrated("h2")) {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            Suppressions suppressions = new Suppressions(jdbc, new PersonTags("k".getBytes(StandardCharsets.UTF_8)),
                    Clock.systemUTC());

            transactions.executeWithoutResult(forget -> {
                suppressions.add("forgotten-person");
                // another thread's re-read, before the forget commits
                CompletableFuture.runAsync(suppressions::refresh).join();
                assertThat(suppressions.isSuppressed("forgotten-person")).isTrue();
            });
            suppressions.refresh();
            assertThat(suppressions.isSuppressed("forgotten-person")).isTrue();

            transactions.executeWithoutResult(lift -> {
                suppressions.lift("forgotten-person");
                CompletableFuture.runAsync(suppressions::refresh).join();
                assertThat(suppressions.isSuppressed("forgotten-person")).isFalse();
            });
            suppressions.refresh();
            assertThat(suppressions.isSuppressed("forgotten-person")).isFalse();
            assertThat(suppressions.count()).isZero();
        }
    }
}
