package ai.sahha.bridge.journal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keys a deployment makes for itself: the first replica to start generates each (32 random bytes), every other
 * replica and every later start reads the same one from the database.
 */
public class DeploymentKeys {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public DeploymentKeys(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    /** The key of this name, generated on first use. */
    public byte[] key(String name) {
        byte[] generated = new byte[32];
        random.nextBytes(generated);
        jdbc.update("INSERT INTO bridge_key (name, secret, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                name, Base64.getEncoder().encodeToString(generated), clock.millis());
        return Base64.getDecoder().decode(jdbc.queryForObject("SELECT secret FROM bridge_key WHERE name = ?",
                String.class, name));
    }
}
