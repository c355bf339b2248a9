package ai.sahha.bridge.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;

import org.h2.engine.SysProperties;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The embedded H2 database of the default set-up. Its file may be opened by a second process beside the bridge (the
 * {@code backfill} and {@code import-identities} commands): H2's automatic server lets them in, on a port that this
 * class binds to loopback only and behind a password generated at the first start and kept in the data folder
 * ({@code bridge.h2-password}, readable by its owner only). A data folder from before, whose user had no password,
 * gets one the same way.
 */
final class EmbeddedDatabase {

    static final String LOOPBACK = "127.0.0.1";
    private static final String USER = "sa";

    private EmbeddedDatabase() {
    }

    /** H2 binds its servers where this system property says; it is read once, so this must run before H2 loads. */
    static void bindToLoopback() {
        System.setProperty("h2.bindAddress", LOOPBACK);
        if (!LOOPBACK.equals(SysProperties.BIND_ADDRESS)) {
            throw new IllegalStateException("H2 was loaded before the bridge could bind its server to " + LOOPBACK
                    + ": start the JVM with -Dh2.bindAddress=" + LOOPBACK);
        }
    }

    /**
     * The password of the database at {@code url} (an H2 file URL): read from beside the file, or generated and set
     * on the database (an existing one from a release without a password included).
     */
    static synchronized String password(String url) {
        Path database = Path.of(url.substring("jdbc:h2:file:".length()).split(";", 2)[0]);
        Path secret = database.resolveSibling(database.getFileName() + ".h2-password");
        try {
            if (Files.isRegularFile(secret)) {
                return Files.readString(secret, StandardCharsets.UTF_8).strip();
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            Files.createDirectories(secret.toAbsolutePath().getParent());
            if (!create(secret, Base64.getUrlEncoder().withoutPadding().encodeToString(random))) {
                return Files.readString(secret, StandardCharsets.UTF_8).strip(); // another process was first
            }
            String password = Files.readString(secret, StandardCharsets.UTF_8);
            if (Files.exists(database.resolveSibling(database.getFileName() + ".mv.db"))) {
                try {
                    setPassword(url, password);
                } catch (SQLException e) {
                    Files.delete(secret);
                    throw e;
                }
            }
            return password;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot set up the password of the embedded database beside " + database
                    + ": " + e.getMessage(), e);
        }
    }

    private static void setPassword(String url, String password) throws SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser(USER);
        dataSource.setPassword("");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER USER " + USER + " SET PASSWORD '" + password + "'");
        }
    }

    /** Writes a new file readable by its owner only; false when it exists already. */
    private static boolean create(Path secret, String password) throws IOException {
        try {
            Files.createFile(secret, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(secret);
        } catch (FileAlreadyExistsException raced) {
            return false;
        }
        Files.writeString(secret, password, StandardCharsets.UTF_8);
        return true;
    }
}
