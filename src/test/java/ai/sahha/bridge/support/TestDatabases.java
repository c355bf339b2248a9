package ai.sahha.bridge.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/**
 * Databases for the pipeline tests: the embedded H2 file database always; PostgreSQL only when
 * {@code BRIDGE_TEST_POSTGRES_URL} is set (CI sets it), each use in a fresh schema of its own.
 */
public final class TestDatabases {

    public static final String POSTGRES_URL_VARIABLE = "BRIDGE_TEST_POSTGRES_URL";

    private TestDatabases() {
    }

    /** The databases to run pipeline tests on: "h2", and "postgres" when it is configured. */
    public static Stream<String> available() {
        return System.getenv(POSTGRES_URL_VARIABLE) == null ? Stream.of("h2") : Stream.of("h2", "postgres");
    }

    public static Map<String, String> h2(Path dataDir) {
        return Map.of("bridge.data-dir", dataDir.toString());
    }

    /** A pool on a new, migrated database: an H2 file in a fresh folder, or a fresh PostgreSQL schema. */
    public static HikariDataSource migrated(String database) {
        HikariDataSource dataSource = empty(database);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    /** A pool on a new database with no tables yet. */
    public static HikariDataSource empty(String database) {
        HikariDataSource dataSource = new HikariDataSource();
        if ("h2".equals(database)) {
            dataSource.setJdbcUrl("jdbc:h2:file:" + TestDataDirs.create("journal") + "/bridge;MODE=PostgreSQL;"
                    + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
        } else {
            Map<String, String> postgres = postgres();
            dataSource.setJdbcUrl(postgres.get("spring.datasource.url"));
            dataSource.setUsername(postgres.get("spring.datasource.username"));
            dataSource.setPassword(postgres.get("spring.datasource.password"));
        }
        return dataSource;
    }

    /** Spring datasource settings for a new, empty PostgreSQL schema. */
    public static Map<String, String> postgres() {
        String url = System.getenv(POSTGRES_URL_VARIABLE);
        String user = System.getenv().getOrDefault("BRIDGE_TEST_POSTGRES_USER", "postgres");
        String password = System.getenv().getOrDefault("BRIDGE_TEST_POSTGRES_PASSWORD", "");
        String schema = "bridge_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            connection.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL at " + url, e);
        }
        return Map.of("spring.datasource.url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "spring.datasource.username", user, "spring.datasource.password", password);
    }
}
