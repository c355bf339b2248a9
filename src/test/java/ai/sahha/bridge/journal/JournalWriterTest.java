package ai.sahha.bridge.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import javax.sql.DataSource;

import ai.sahha.bridge.support.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

/**
 * Finding 6 of the reliability review: the journal writer caught only RuntimeException, so an Error (out of memory,
 * a driver's linkage error) killed it and intake answered 503 for ever while readiness said UP. Now the writer
 * carries on, and says it cannot write (readiness DOWN) until the database takes writes again.
 */
class JournalWriterTest {

    @Test
    void anErrorFailsOnlyTheWebhooksInHandAndTheWriterCarriesOn() throws Exception {
        try (HikariDataSource database = TestDatabases.migrated("h2")) {
            AtomicBoolean broken = new AtomicBoolean(true);
            try (Journal journal = new Journal(new Failing(database, broken), 100, 10, Clock.systemUTC())) {
                assertThatThrownBy(() -> journal.append(entry("k1")).get(5, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(JournalUnavailableException.class);
                assertThat(journal.writing()).as("readiness goes DOWN").isFalse();

                broken.set(false);
                // the writer asks the database again while it is idle
                await().atMost(Duration.ofSeconds(5)).until(journal::writing);
                assertThat(journal.append(entry("k2")).get(5, TimeUnit.SECONDS)).isEqualTo(Journal.Outcome.ACCEPTED);
            }
        }
    }

    private static Journal.Entry entry(String key) {
        return new Journal.Entry(String.format("%080x", key.hashCode()), "ArchetypeCreatedIntegrationEvent", "person-" + key,
                "{\"id\":\"" + key + "\"}", List.of("customerio"));
    }

    /** A data source that throws an Error, as an out-of-memory would, while it is broken. */
    private record Failing(DataSource real, AtomicBoolean broken) implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            if (broken.get()) {
                throw new OutOfMemoryError("simulated");
            }
            return real.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            return null;
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
