package ai.sahha.bridge.privacy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.AuditLog;
import ai.sahha.bridge.delivery.DeliveryDestinations;
import ai.sahha.bridge.delivery.RecordTranslator;
import ai.sahha.bridge.delivery.VendorAnswers;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.identity.IdentityUnresolvedException;
import ai.sahha.bridge.identity.Recipient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Forgetting a person: a request is journaled (by the admin API, the console or the {@code forget} command, with
 * the bridge running or not), then carried out by whichever replica's timer gets to it first.
 * <ol>
 * <li>Applied, in one transaction: the person is suppressed (their next webhooks are dropped); the identifier each
 * destination knows them by is resolved while the identity map still has it, and kept only with that destination's
 * task; every local trace is deleted (journal events, with their deliveries, dead letters, parked rows and attempt
 * history; delivered attributes; the identity mapping; backfill rows); the request keeps no externalId.</li>
 * <li>Each destination's task then asks the vendor to erase them: once no claim that was in flight when the request
 * was applied can still send anything about them (so nothing recreates the profile); retried with backoff through
 * outages and restarts; {@code MANUAL}, saying what the operator does, where the vendor has no erasure call or
 * refuses the key. A task's identifier is deleted as soon as it is done or manual.</li>
 * </ol>
 * Lifting a suppression is a request of kind {@code unforget}: it asks the vendors that refuse a forgotten person
 * (Iterable) to take them again.
 */
public class Erasures {

    static final String FORGET = ErasureRequests.FORGET;
    static final String UNFORGET = ErasureRequests.UNFORGET;

    private static final Logger LOG = LoggerFactory.getLogger(Erasures.class);
    private static final String BRIDGE = "the bridge";
    private static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(5);
    private static final Duration LAST_RETRY = Duration.ofHours(1);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
    private static final int BATCH = 20;

    /** The local tables that name a person by externalId, and what each holds (for the retention table). */
    static final List<String> PERSON_TABLES = List.of("journal_event", "delivered_attribute", "identity_map",
            "backfill_profile");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ErasureRequests requests;
    private final Suppressions suppressions;
    private final DeliveryDestinations destinations;
    private final HttpClient http;
    private final Clock clock;
    private final String owner;
    private final Duration lease;
    private final Duration firstRetry;
    private final Duration retention;
    private final Duration settle;
    private long purgedAt;

    public Erasures(ErasureRequests requests, JdbcTemplate jdbc, TransactionTemplate transactions,
                    Suppressions suppressions, DeliveryDestinations destinations, Clock clock, String owner,
                    Duration lease, Duration firstRetry, Duration retention, Duration settle) {
        this.requests = requests;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.suppressions = suppressions;
        this.destinations = destinations;
        this.clock = clock;
        this.owner = owner;
        this.lease = lease;
        this.firstRetry = firstRetry;
        this.retention = retention;
        this.settle = settle;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Journals the request and applies it at once (the admin API and the console); returns its id. */
    public long forget(String externalId, String requestedBy) {
        long id = requests.request(FORGET, externalId, requestedBy);
        apply(id);
        return id;
    }

    /**
     * Lifts the person's suppression: their next webhooks are forwarded again, and the vendors that refuse a
     * forgotten person are asked to take them. False when they were not suppressed.
     */
    public boolean lift(String externalId, String requestedBy) {
        if (!suppressions.isSuppressed(externalId)) {
            return false;
        }
        long id = requests.request(UNFORGET, externalId, requestedBy);
        apply(id);
        return true;
    }

    /**
     * Applies what was requested, then makes the vendor calls that are due; hourly, forgets requests done longer
     * ago than their retention. Every few seconds on every replica.
     */
    public void runDue() {
        if (clock.millis() - purgedAt > Duration.ofHours(1).toMillis()) {
            purgedAt = clock.millis();
            int purged = jdbc.update("DELETE FROM erasure_request WHERE completed_at < ?",
                    purgedAt - retention.toMillis());
            if (purged > 0) {
                LOG.info("Forgot {} erasure request(s) done more than {} ago", purged, retention);
            }
        }
        for (long id : jdbc.queryForList("SELECT id FROM erasure_request WHERE applied_at IS NULL ORDER BY id",
                Long.class)) {
            try {
                apply(id);
            } catch (RuntimeException e) {
                LOG.warn("Erasure request {} could not be applied yet: {}", id, e.toString());
            }
        }
        for (long id : jdbc.queryForList("SELECT id FROM erasure_request WHERE external_id IS NOT NULL AND applied_at"
                + " <= ? ORDER BY id", Long.class, clock.millis() - settle.toMillis())) {
            try {
                settle(id);
            } catch (RuntimeException e) {
                LOG.warn("Erasure request {} could not settle yet: {}", id, e.toString());
            }
        }
        long now = clock.millis();
        List<Map<String, Object>> due = jdbc.queryForList("SELECT t.request_id, t.destination FROM erasure_task t"
                + " WHERE t.status = 'PENDING' AND t.next_attempt_at <= ? AND (t.lease_until IS NULL OR t.lease_until"
                + " < ?) ORDER BY t.next_attempt_at LIMIT " + BATCH, now, now);
        for (Map<String, Object> task : due) {
            long request = ((Number) task.get("request_id")).longValue();
            String destination = (String) task.get("destination");
            if (jdbc.update("UPDATE erasure_task SET lease_owner = ?, lease_until = ? WHERE request_id = ? AND"
                    + " destination = ? AND status = 'PENDING' AND (lease_until IS NULL OR lease_until < ?)",
                    owner, now + lease.toMillis(), request, destination, now) == 1) {
                try {
                    carryOut(request, destination);
                } catch (RuntimeException e) {
                    LOG.warn("Erasure request {} at {} failed: {}", request, destination, e.toString());
                    release(request, destination);
                }
            }
        }
    }

    private void apply(long id) {
        transactions.executeWithoutResult(status -> {
            Map<String, Object> request = jdbc.queryForMap("SELECT kind, external_id, person_tag, applied_at"
                    + " FROM erasure_request WHERE id = ? FOR UPDATE", id);
            if (request.get("applied_at") != null) {
                return;
            }
            String kind = (String) request.get("kind");
            String externalId = (String) request.get("external_id");
            long now = clock.millis();
            Map<String, Recipient> recipients = new LinkedHashMap<>();
            destinations.all().forEach((name, destination) -> recipients.put(name, recipient(name, externalId)));
            LocalTraces deleted = LocalTraces.NONE;
            if (FORGET.equals(kind)) {
                suppressions.add(externalId);
                deleted = deleteLocalTraces(externalId);
            } else {
                suppressions.lift(externalId);
            }
            int pending = 0;
            long due = FORGET.equals(kind) ? now + settle.toMillis() : now;
            for (Map.Entry<String, Recipient> entry : recipients.entrySet()) {
                pending += addTask(id, kind, entry.getKey(), entry.getValue(), due) ? 1 : 0;
            }
            // a forget keeps the externalId until it has settled (see settle); an unforget needs it no more
            boolean done = UNFORGET.equals(kind) && pending == 0;
            jdbc.update("UPDATE erasure_request SET applied_at = ?, last_seq = ?, deleted_rows = ?, completed_at = ?"
                    + (FORGET.equals(kind) ? "" : ", external_id = NULL") + " WHERE id = ?", now, deleted.lastSeq(),
                    deleted.rows(), done ? now : null, id);
            AuditLog.record(BRIDGE, "apply " + kind, "person " + request.get("person_tag") + ", request " + id + ", "
                    + pending + " destination(s) to ask", deleted.rows());
        });
    }

    /**
     * Once every replica has re-read the suppression list (the settle time is longer than its interval), nothing more
     * about the person can be journaled: what reached another replica meanwhile is deleted now, the journal
     * position the vendor calls wait for moves past it, and the externalId goes. Only then are the vendors asked.
     */
    private void settle(long id) {
        transactions.executeWithoutResult(status -> {
            List<String> open = jdbc.queryForList("SELECT external_id FROM erasure_request WHERE id = ? AND"
                    + " external_id IS NOT NULL FOR UPDATE", String.class, id);
            if (open.isEmpty()) {
                return;
            }
            LocalTraces deleted = deleteLocalTraces(open.get(0));
            jdbc.update("UPDATE erasure_request SET external_id = NULL, deleted_rows = deleted_rows + ?, last_seq ="
                    + " GREATEST(COALESCE(last_seq, 0), COALESCE(?, 0)) WHERE id = ?", deleted.rows(), deleted.lastSeq(),
                    id);
            completeIfDone(id);
            if (deleted.rows() > 0) {
                AuditLog.record(BRIDGE, "settle forget", "request " + id + ": rows that arrived meanwhile",
                        deleted.rows());
            }
        });
    }

    /** The rows a forget deleted, and the last journal position that held one of the person's events. */
    private record LocalTraces(Long lastSeq, long rows) {
        static final LocalTraces NONE = new LocalTraces(null, 0);
    }

    private LocalTraces deleteLocalTraces(String externalId) {
        Long lastSeq = jdbc.queryForObject("SELECT MAX(seq) FROM journal_event WHERE external_id = ?", Long.class,
                externalId);
        long rows = 0;
        for (String table : PERSON_TABLES) {
            rows += jdbc.update("DELETE FROM " + table + " WHERE external_id = ?", externalId);
        }
        return new LocalTraces(lastSeq, rows);
    }

    /** A request is done once it has settled and no destination's task waits any more. */
    private void completeIfDone(long id) {
        jdbc.update("UPDATE erasure_request SET completed_at = ? WHERE id = ? AND completed_at IS NULL AND external_id"
                + " IS NULL AND NOT EXISTS (SELECT 1 FROM erasure_task WHERE request_id = ? AND status = 'PENDING')",
                clock.millis(), id, id);
    }

    /** Whether the task waits for a vendor call (else it is done or manual already). */
    private boolean addTask(long id, String kind, String destination, Recipient recipient, long now) {
        RecordTranslator translator = destinations.get(destination).planner().translator();
        String status;
        String detail;
        if (recipient == null) {
            status = "DONE";
            detail = FORGET.equals(kind) ? "nothing to erase: no identifier of this person is known to this "
                    + "destination, so nothing was sent" : "nothing to do: no identifier of this person is known here";
        } else if (call(translator, kind, recipient, id) != null) {
            status = "PENDING";
            detail = null;
        } else if (UNFORGET.equals(kind)) {
            status = "DONE";
            detail = "nothing to do: this destination does not refuse a forgotten person";
        } else {
            status = "MANUAL";
            detail = translator.manualErasure();
        }
        boolean pending = "PENDING".equals(status);
        jdbc.update("INSERT INTO erasure_task (request_id, destination, status, recipient_kind, recipient, attempts,"
                        + " next_attempt_at, detail, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)", id, destination,
                status, pending ? recipient.kind().name() : null, pending ? recipient.value() : null, now, detail, now);
        return pending;
    }

    private static VendorRequest call(RecordTranslator translator, String kind, Recipient recipient, long id) {
        return FORGET.equals(kind) ? translator.erasure(recipient, "erasure-" + id) : translator.unerasure(recipient);
    }

    private Recipient recipient(String destination, String externalId) {
        try {
            return destinations.get(destination).planner().identities().resolve(externalId);
        } catch (IdentityUnresolvedException e) {
            return null;
        }
    }

    private void carryOut(long id, String destination) {
        Map<String, Object> task = jdbc.queryForMap("SELECT r.kind, r.last_seq, t.recipient_kind, t.recipient,"
                + " t.attempts, r.external_id FROM erasure_task t JOIN erasure_request r ON r.id = t.request_id"
                + " WHERE t.request_id = ? AND t.destination = ?", id, destination);
        long now = clock.millis();
        if (task.get("external_id") != null && FORGET.equals(task.get("kind"))) {
            update(id, destination, "PENDING", 0, now + IN_FLIGHT_WAIT.toMillis(), null,
                    "waiting until every replica drops the person's webhooks");
            return;
        }
        Number lastSeq = (Number) task.get("last_seq");
        if (lastSeq != null && jdbc.queryForObject("SELECT COUNT(*) FROM delivery_claim WHERE destination = ? AND"
                + " from_seq <= ? AND lease_until > ?", Long.class, destination, lastSeq.longValue(), now) > 0) {
            update(id, destination, "PENDING", 0, now + IN_FLIGHT_WAIT.toMillis(), null,
                    "waiting for deliveries that were in flight when the person was forgotten");
            return;
        }
        DeliveryDestinations.Destination configured = destinations.all().get(destination);
        if (configured == null) {
            update(id, destination, "MANUAL", 0, now, null, "this destination is no longer configured here: erase "
                    + "the person in the vendor's own privacy tools");
            return;
        }
        RecordTranslator translator = configured.planner().translator();
        Recipient recipient = new Recipient(Recipient.Kind.valueOf((String) task.get("recipient_kind")),
                (String) task.get("recipient"));
        VendorRequest call = call(translator, (String) task.get("kind"), recipient, id);
        int attempts = ((Number) task.get("attempts")).intValue() + 1;
        Outcome outcome = send(translator.baseUrl(), call, recipient);
        long next = now + Math.min(firstRetry.toMillis() << Math.min(attempts - 1, 20), LAST_RETRY.toMillis());
        update(id, destination, outcome.status(), attempts, next, outcome.httpStatus(), outcome.detail());
        AuditLog.record(BRIDGE, "ask " + destination + " to " + task.get("kind"), "request " + id + ": "
                + outcome.status() + " (" + (outcome.httpStatus() == null ? "no answer" : "HTTP " + outcome.httpStatus())
                + ")", 1);
    }

    private record Outcome(String status, Integer httpStatus, String detail) {
    }

    private Outcome send(String baseUrl, VendorRequest call, Recipient recipient) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + call.path())).timeout(CALL_TIMEOUT)
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(call.body()));
        Map<String, String> headers = new LinkedHashMap<>();
        if (call.body() != null) {
            headers.put("Content-Type", "application/json");
        }
        headers.putAll(call.headers());
        if (call.signer() != null) {
            headers.putAll(call.signer().sign(call));
        }
        headers.forEach(request::setHeader);
        HttpResponse<String> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Outcome("PENDING", null, "no answer (" + e.getClass().getSimpleName() + "): trying again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome("PENDING", null, "interrupted: trying again");
        }
        int status = answer.statusCode();
        String excerpt = VendorAnswers.masked(answer.body(), recipient.value());
        if (status / 100 == 2) {
            return new Outcome("DONE", status, "the vendor accepted the erasure");
        }
        if (status == 404) {
            return new Outcome("DONE", status, "the vendor does not know this person");
        }
        if (status == 401 || status == 403) {
            return new Outcome("MANUAL", status, "the vendor refused this key (HTTP " + status + "; it may lack the "
                    + "permission, e.g. Klaviyo's data-privacy:write scope): erase the person in the vendor's own "
                    + "privacy tools, or grant it and forget them again. " + excerpt);
        }
        if (status == 429 || status / 100 == 5) {
            return new Outcome("PENDING", status, "HTTP " + status + ", trying again: " + excerpt);
        }
        return new Outcome("MANUAL", status, "the vendor refused the erasure (HTTP " + status + "): " + excerpt);
    }

    private void update(long id, String destination, String status, int attempts, long next, Integer httpStatus,
                        String detail) {
        long now = clock.millis();
        boolean finished = !"PENDING".equals(status);
        transactions.executeWithoutResult(tx -> {
            jdbc.update("UPDATE erasure_task SET status = ?, attempts = GREATEST(attempts, ?), next_attempt_at = ?,"
                            + " lease_owner = NULL, lease_until = NULL, last_http_status = COALESCE(?, last_http_status),"
                            + " detail = ?, updated_at = ?" + (finished ? ", recipient_kind = NULL, recipient = NULL" : "")
                            + " WHERE request_id = ? AND destination = ?", status, attempts, next, httpStatus,
                    cut(detail), now, id, destination);
            if (finished) {
                completeIfDone(id);
            }
        });
    }

    private void release(long id, String destination) {
        jdbc.update("UPDATE erasure_task SET lease_owner = NULL, lease_until = NULL WHERE request_id = ? AND"
                + " destination = ?", id, destination);
    }

    private static String cut(String detail) {
        return detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 999) + "…";
    }
}
