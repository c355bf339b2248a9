package ai.sahha.bridge.journal;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import ai.sahha.bridge.records.SahhaRecord.Ordering;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What each destination last accepted per person and attribute, with the record's ordering: the basis of "an older
 * record never overwrites a newer one" and of change-only forwarding.
 */
public class DeliveredAttributes {

    private static final String NOT_OLDER = " AND (ordering_primary < ? OR ordering_primary = ? AND ordering_secondary <= ?)";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public DeliveredAttributes(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    /** A value a destination has, with the ordering of the record it came from. */
    public record Delivered(Ordering ordering, String valueHash) {
    }

    /** The write a successful delivery makes: recorded only if it is not older than what is there. */
    public record Write(String destination, String externalId, String attribute, Ordering ordering,
                        String valueHash) {
    }

    public Delivered find(String destination, String externalId, String attribute) {
        List<Delivered> rows = jdbc.query("SELECT ordering_primary, ordering_secondary, value_hash"
                        + " FROM delivered_attribute WHERE destination = ? AND external_id = ? AND attribute = ?",
                (rs, row) -> new Delivered(new Ordering(rs.getLong(1), rs.getLong(2)), rs.getString(3)),
                destination, externalId, attribute);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public void record(Write write) {
        long primary = write.ordering().primary();
        long secondary = write.ordering().secondary();
        long now = clock.millis();
        String update = "UPDATE delivered_attribute SET ordering_primary = ?, ordering_secondary = ?, value_hash = ?,"
                + " updated_at = ? WHERE destination = ? AND external_id = ? AND attribute = ?" + NOT_OLDER;
        Object[] ifNotOlder = {primary, secondary, write.valueHash(), now, write.destination(), write.externalId(),
                write.attribute(), primary, primary, secondary};
        if (jdbc.update(update, ifNotOlder) == 0
                && jdbc.update("INSERT INTO delivered_attribute (ordering_primary, ordering_secondary, value_hash,"
                                + " updated_at, destination, external_id, attribute) VALUES (?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT DO NOTHING",
                        primary, secondary, write.valueHash(), now, write.destination(), write.externalId(),
                        write.attribute()) == 0) {
            jdbc.update(update, ifNotOlder); // a row appeared between the two statements: apply the same rule to it
        }
    }

    /**
     * Forgets what was delivered before {@code before}: a person's next update of such an attribute is sent whatever
     * it holds. Records older than the replay window are refused at intake, so order is not at stake.
     */
    public int forgetOlderThan(long before) {
        return BatchedDelete.olderThan(jdbc, "delivered_attribute", "updated_at", before);
    }
}
