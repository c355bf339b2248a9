package ai.sahha.bridge.privacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ai.sahha.bridge.PersonTags;
import ai.sahha.bridge.journal.DeliveryAttempt;
import ai.sahha.bridge.journal.DeliveryStore;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the bridge holds and sent about one person, per destination: the record types it journaled, when, and how
 * each delivery stands (status, attempts, the vendor's last status, the attempt history); the delivered attributes
 * it remembers; whether their identity is mapped; whether they are suppressed; the erasure requests about them.
 * Never a health value, an email or a phone number: only that they are known. Found by externalId, or by an email
 * in the identity map (which may name several people).
 */
public class PersonRecords {

    private static final int LISTED = 200;

    private final JdbcTemplate jdbc;
    private final DeliveryStore store;
    private final Suppressions suppressions;
    private final ErasureRequests erasures;
    private final PersonTags tags;

    public PersonRecords(JdbcTemplate jdbc, DeliveryStore store, Suppressions suppressions, ErasureRequests erasures,
                         PersonTags tags) {
        this.jdbc = jdbc;
        this.store = store;
        this.suppressions = suppressions;
        this.erasures = erasures;
        this.tags = tags;
    }

    /** The externalIds the identity map has for this email (case ignored). */
    public List<String> byEmail(String email) {
        return jdbc.queryForList("SELECT external_id FROM identity_map WHERE LOWER(email) = LOWER(?) ORDER BY"
                + " external_id", String.class, email.strip());
    }

    public record Delivery(String eventType, Instant receivedAt, String status, int attempts, Integer lastHttpStatus,
                           List<DeliveryAttempt> history) {
    }

    public record Person(String tag, boolean suppressed, boolean emailKnown, boolean phoneKnown,
                         Map<String, List<Delivery>> deliveries, Map<String, Long> deliveredAttributes,
                         long backfillRows, List<ErasureRequests.Request> erasureRequests) {

        public boolean holdsAnything() {
            return emailKnown || phoneKnown || !deliveries.isEmpty() || !deliveredAttributes.isEmpty()
                    || backfillRows > 0;
        }
    }

    public Person find(String externalId) {
        Map<String, Object> identity = jdbc.queryForList("SELECT email, phone FROM identity_map WHERE external_id = ?",
                externalId).stream().findFirst().orElse(Map.of());
        Map<Long, List<DeliveryAttempt>> histories = store.attempts(jdbc.queryForList("SELECT d.id FROM delivery d"
                + " JOIN journal_event e ON e.id = d.event_id WHERE e.external_id = ?", Long.class, externalId));
        Map<String, List<Delivery>> deliveries = new TreeMap<>();
        jdbc.query("SELECT s.destination, e.event_type, e.received_at, s.status, s.attempts, s.last_http_status,"
                + " (SELECT d.id FROM delivery d WHERE d.event_id = e.id AND d.destination = s.destination)"
                + " FROM journal_event e JOIN delivery_status s ON s.event_id = e.id WHERE e.external_id = ?"
                + " ORDER BY e.received_at DESC LIMIT " + LISTED, rs -> {
            Long delivery = rs.getObject(7, Long.class);
            deliveries.computeIfAbsent(rs.getString(1), name -> new ArrayList<>()).add(new Delivery(rs.getString(2),
                    Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4), rs.getInt(5), rs.getObject(6, Integer.class),
                    delivery == null ? List.of() : histories.getOrDefault(delivery, List.of())));
        }, externalId);
        Map<String, Long> attributes = new TreeMap<>();
        jdbc.query("SELECT destination, COUNT(*) FROM delivered_attribute WHERE external_id = ? GROUP BY destination",
                rs -> {
                    attributes.put(rs.getString(1), rs.getLong(2));
                }, externalId);
        long backfill = jdbc.queryForObject("SELECT COUNT(*) FROM backfill_profile WHERE external_id = ?", Long.class,
                externalId);
        return new Person(tags.tag(externalId), suppressions.isSuppressed(externalId), identity.get("email") != null,
                identity.get("phone") != null, deliveries, attributes, backfill, erasures.about(externalId));
    }
}
