package ai.sahha.bridge.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import ai.sahha.bridge.AuditLog;
import ai.sahha.bridge.PersonTags;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The journal of requests to forget a person (and to lift that): written by the admin API, the console and the
 * {@code forget} command, whether the bridge runs or not, and read by all of them. Requests name the person by tag;
 * the externalId stays only until the bridge has applied the request.
 */
public class ErasureRequests {

    public static final String FORGET = "forget";
    public static final String UNFORGET = "unforget";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final PersonTags tags;
    private final Clock clock;

    public record Request(long id, String kind, String personTag, String requestedBy, Instant requestedAt,
                          Instant appliedAt, Long deletedRows, Instant completedAt, List<Task> tasks) {
    }

    public record Task(String destination, String status, int attempts, Instant nextAttemptAt, Integer lastHttpStatus,
                       String detail, Instant updatedAt) {
    }

    public ErasureRequests(JdbcTemplate jdbc, TransactionTemplate transactions, PersonTags tags, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tags = tags;
        this.clock = clock;
    }

    /**
     * Journals a request ({@link #FORGET} or {@link #UNFORGET}) and returns its id; the same person's request of
     * that kind that is not applied yet is returned instead of a second one. Nothing else happens here: the running
     * bridge carries it out ({@link Erasures#runDue()}).
     */
    public long request(String kind, String externalId, String requestedBy) {
        if (externalId == null || externalId.isBlank() || externalId.length() > 255) {
            throw new IllegalArgumentException("an externalId of 1 to 255 characters is needed");
        }
        String tag = tags.tag(externalId);
        return transactions.execute(status -> {
            List<Long> open = jdbc.queryForList("SELECT id FROM erasure_request WHERE kind = ? AND external_id = ?"
                    + " AND applied_at IS NULL", Long.class, kind, externalId);
            if (!open.isEmpty()) {
                return open.get(0);
            }
            jdbc.update("INSERT INTO erasure_request (kind, person_tag, external_id, requested_by, requested_at)"
                    + " VALUES (?, ?, ?, ?, ?)", kind, tag, externalId, requestedBy, clock.millis());
            long id = jdbc.queryForObject("SELECT MAX(id) FROM erasure_request WHERE person_tag = ? AND kind = ?",
                    Long.class, tag, kind);
            AuditLog.record(requestedBy, kind + " a person", "person " + tag + ", request " + id, 1);
            return id;
        });
    }

    // --- reading ----------------------------------------------------------------------------------------------

    public Request find(long id) {
        List<Request> found = requests("WHERE id = ?", id);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The latest requests, newest first. */
    public List<Request> recent(int limit) {
        return requests("ORDER BY id DESC LIMIT " + Math.max(1, limit));
    }

    /** The requests about one person, by their tag, newest first. */
    public List<Request> about(String externalId) {
        return requests("WHERE person_tag = ? ORDER BY id DESC", tags.tag(externalId));
    }

    /** Requests not carried out everywhere yet. */
    public long open() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM erasure_request WHERE completed_at IS NULL", Long.class);
    }

    private List<Request> requests(String where, Object... args) {
        List<Request> requests = new ArrayList<>();
        jdbc.query("SELECT id, kind, person_tag, requested_by, requested_at, applied_at, deleted_rows, completed_at"
                + " FROM erasure_request " + where, rs -> {
            requests.add(new Request(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    Instant.ofEpochMilli(rs.getLong(5)), instant(rs.getObject(6, Long.class)),
                    rs.getObject(7, Long.class), instant(rs.getObject(8, Long.class)), new ArrayList<>()));
        }, args);
        for (Request request : requests) {
            jdbc.query("SELECT destination, status, attempts, next_attempt_at, last_http_status, detail, updated_at"
                    + " FROM erasure_task WHERE request_id = ? ORDER BY destination", rs -> {
                request.tasks().add(new Task(rs.getString(1), rs.getString(2), rs.getInt(3),
                        "PENDING".equals(rs.getString(2)) ? Instant.ofEpochMilli(rs.getLong(4)) : null,
                        rs.getObject(5, Integer.class), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7))));
            }, request.id());
        }
        return requests;
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
