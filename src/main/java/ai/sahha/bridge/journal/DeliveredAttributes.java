package ai.sahha.bridge.journal;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What each destination last accepted per person and archetype, by the record's {@code createdAtUtc}: the basis of
 * "an older record never overwrites a newer one" and of change-only forwarding.
 */
public class DeliveredAttributes {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public DeliveredAttributes(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    /** A value a destination has, with the time of the record it came from. */
    public record Delivered(long createdAtMillis, String valueHash) {
    }

    /** The write a successful delivery makes: recorded only if it is not older than what is there. */
    public record Write(String destination, String externalId, String attribute, long createdAtMillis,
                        String valueHash) {
    }

    public Delivered find(String destination, String externalId, String attribute) {
        List<Delivered> rows = jdbc.query("SELECT created_at, value_hash FROM delivered_attribute"
                        + " WHERE destination = ? AND external_id = ? AND attribute = ?",
                (rs, row) -> new Delivered(rs.getLong("created_at"), rs.getString("value_hash")),
                destination, externalId, attribute);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public void record(Write write) {
        Object[] row = {write.createdAtMillis(), write.valueHash(), clock.millis(), write.destination(),
                write.externalId(), write.attribute()};
        Object[] ifNotOlder = {write.createdAtMillis(), write.valueHash(), clock.millis(), write.destination(),
                write.externalId(), write.attribute(), write.createdAtMillis()};
        String update = "UPDATE delivered_attribute SET created_at = ?, value_hash = ?, updated_at = ?"
                + " WHERE destination = ? AND external_id = ? AND attribute = ? AND created_at <= ?";
        if (jdbc.update(update, ifNotOlder) == 0
                && jdbc.update("INSERT INTO delivered_attribute (created_at, value_hash, updated_at, destination,"
                        + " external_id, attribute) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", row) == 0) {
            jdbc.update(update, ifNotOlder); // a row appeared between the two statements: apply the same rule to it
        }
    }
}
