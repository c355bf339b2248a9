package ai.sahha.bridge.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import ai.sahha.bridge.support.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The key behind person tags is made once per deployment: every replica and every restart reads the same one. */
class DeploymentKeysTest {

    @ParameterizedTest
    @MethodSource("ai.sahha.bridge.support.TestDatabases#available")
    void aKeyIsGeneratedOnceAndSharedByEveryReplica(String database) {
        try (HikariDataSource dataSource = TestDatabases.migrated(database)) {
            byte[] first = new DeploymentKeys(dataSource, Clock.systemUTC()).key("log-key");
            byte[] again = new DeploymentKeys(dataSource, Clock.systemUTC()).key("log-key");
            byte[] other = new DeploymentKeys(dataSource, Clock.systemUTC()).key("another-key");
            assertThat(first).hasSize(32).isEqualTo(again).isNotEqualTo(other);
        }
    }
}
