package ai.sahha.bridge.journal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Which dead letters (or parked deliveries) a list, a count or a replay means; a null field matches any. The time
 * range is when they were set aside, {@code since} inclusive and {@code until} exclusive.
 */
public record SetAsideFilter(String destination, VendorStatus vendorStatus, String eventType, Instant since,
                             Instant until) {

    public static final SetAsideFilter ANY = new SetAsideFilter(null, null, null, null, null);

    /** The vendor's last answer, as an operator sorts failures. */
    public enum VendorStatus {
        CLIENT_ERROR("4xx"), SERVER_ERROR("5xx"), NO_ANSWER("timeout");

        private final String label;

        VendorStatus(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** {@code 4xx}, {@code 5xx} or {@code timeout} (no HTTP answer: a timeout, a refused connection); null for blank. */
        public static VendorStatus parse(String label) {
            if (label == null || label.isBlank()) {
                return null;
            }
            for (VendorStatus status : values()) {
                if (status.label.equals(label.strip().toLowerCase(Locale.ROOT))) {
                    return status;
                }
            }
            throw new IllegalArgumentException("vendor status must be one of 4xx, 5xx, timeout");
        }
    }

    /** This filter up to {@code bound} at the latest: what a confirmed replay touches is what was counted. */
    public SetAsideFilter until(Instant bound) {
        return new SetAsideFilter(destination, vendorStatus, eventType, since,
                until == null || until.isAfter(bound) ? bound : until);
    }

    /** The SQL condition on {@code delivery d} for {@code status}, its arguments appended to {@code args}. */
    String where(String status, List<Object> args) {
        StringBuilder where = new StringBuilder("d.status = ?");
        args.add(status);
        if (destination != null) {
            where.append(" AND d.destination = ?");
            args.add(destination);
        }
        if (vendorStatus != null) {
            where.append(switch (vendorStatus) {
                case CLIENT_ERROR -> " AND d.last_http_status BETWEEN 400 AND 499";
                case SERVER_ERROR -> " AND d.last_http_status BETWEEN 500 AND 599";
                case NO_ANSWER -> " AND d.last_http_status IS NULL";
            });
        }
        if (eventType != null) {
            where.append(" AND EXISTS (SELECT 1 FROM journal_event t WHERE t.id = d.event_id AND t.event_type = ?)");
            args.add(eventType);
        }
        if (since != null) {
            where.append(" AND d.updated_at >= ?");
            args.add(since.toEpochMilli());
        }
        if (until != null) {
            where.append(" AND d.updated_at < ?");
            args.add(until.toEpochMilli());
        }
        return where.toString();
    }
}
