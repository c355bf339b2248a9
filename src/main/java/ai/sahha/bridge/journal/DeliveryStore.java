package ai.sahha.bridge.journal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import ai.sahha.bridge.Hashing;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delivery rows of the journal: work is claimed under a lease (rows locked with {@code FOR UPDATE SKIP LOCKED},
 * so replicas sharing one database never claim the same row), and every outcome is written only by the lease
 * holder. A process that dies leaves its leases to expire; the same instance releases its own at start.
 * <p>
 * A claim hands out a person's due deliveries together ({@link #claimByPerson}), to be sent one after the other, and
 * none of that person's while some are still in flight in this process: two updates for one person never race each
 * other to a vendor. Parked deliveries (status {@code PARKED}) wait for the person's identity and are listed and
 * put back in line like dead letters.
 */
public class DeliveryStore {

    private static final int MAX_ERROR_LENGTH = 2000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final String owner;
    private final long leaseMillis;
    private final RetrySchedule schedule;
    private final Clock clock;
    /** destination -> person -> their deliveries in flight here (and until when, should one never finish) */
    private final Map<String, Map<String, InFlight>> inFlight = new ConcurrentHashMap<>();

    private record InFlight(int count, long until) {
    }

    public DeliveryStore(DataSource dataSource, TransactionTemplate transactions, String owner, Duration lease,
                         RetrySchedule schedule, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = transactions;
        this.owner = owner;
        this.leaseMillis = lease.toMillis();
        this.schedule = schedule;
        this.clock = clock;
    }

    public String owner() {
        return owner;
    }

    /** {@link #claim}, grouped by person in claim order: each group is to be delivered in order, one at a time. */
    public List<List<DeliveryJob>> claimByPerson(String destination, int max) {
        return byPerson(claim(destination, max));
    }

    /** Claimed deliveries grouped by person, in claim order. */
    public List<List<DeliveryJob>> byPerson(List<DeliveryJob> claimed) {
        Map<String, List<DeliveryJob>> byPerson = new LinkedHashMap<>();
        for (DeliveryJob job : claimed) {
            byPerson.computeIfAbsent(job.externalId(), person -> new ArrayList<>()).add(job);
        }
        return List.copyOf(byPerson.values());
    }

    /**
     * Claims up to {@code max} due deliveries for one destination, oldest first, leaving out (and to a later claim)
     * those of people with deliveries still in flight here.
     */
    public List<DeliveryJob> claim(String destination, int max) {
        long now = clock.millis();
        List<Long> ids = transactions.execute(status -> {
            List<Long> due = jdbc.queryForList("SELECT id FROM delivery WHERE destination = ? AND status = 'PENDING'"
                            + " AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)"
                            + " ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED",
                    Long.class, destination, now, now, max);
            jdbc.batchUpdate("UPDATE delivery SET lease_owner = ?, lease_until = ? WHERE id = ?",
                    due.stream().map(id -> new Object[] {owner, now + leaseMillis, id}).toList());
            return due;
        });
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        String in = String.join(",", Collections.nCopies(ids.size(), "?"));
        List<DeliveryJob> jobs = jdbc.query("SELECT d.id, d.destination, d.event_id, e.event_type, e.external_id,"
                        + " e.payload, d.attempts, d.first_failure_at, e.received_at FROM delivery d JOIN journal_event e"
                        + " ON e.id = d.event_id WHERE d.id IN (" + in + ") ORDER BY d.next_attempt_at, d.id",
                JOB, ids.toArray());
        Map<String, InFlight> people = inFlight.computeIfAbsent(destination, d -> new ConcurrentHashMap<>());
        Set<String> takenNow = new HashSet<>();
        List<DeliveryJob> taken = new ArrayList<>();
        List<Object[]> later = new ArrayList<>();
        for (DeliveryJob job : jobs) {
            String person = job.externalId();
            InFlight busy = people.get(person);
            if (busy == null || busy.until() < now || takenNow.contains(person)) {
                takenNow.add(person);
                people.merge(person, new InFlight(1, now + leaseMillis), (held, one) ->
                        new InFlight(held.until() < now ? 1 : held.count() + 1, one.until()));
                taken.add(job);
            } else {
                later.add(new Object[] {job.id(), owner});
            }
        }
        if (!later.isEmpty()) {
            jdbc.batchUpdate("UPDATE delivery SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
                    later);
        }
        return taken;
    }

    private void done(DeliveryJob job) {
        Map<String, InFlight> people = inFlight.get(job.destination());
        if (people != null) {
            people.computeIfPresent(job.externalId(),
                    (person, held) -> held.count() <= 1 ? null : new InFlight(held.count() - 1, held.until()));
        }
    }

    public void delivered(DeliveryJob job) {
        jdbc.update("UPDATE delivery SET status = 'DELIVERED', attempts = attempts + 1, lease_owner = NULL,"
                        + " lease_until = NULL, last_http_status = NULL, last_error = NULL, updated_at = ?"
                        + " WHERE id = ? AND lease_owner = ?",
                clock.millis(), job.id(), owner);
        done(job);
    }

    /** Sets a delivery aside until the person's identity can be resolved (a mapping arrives, or a recheck). */
    public void park(DeliveryJob job, String reason) {
        long now = clock.millis();
        jdbc.update("UPDATE delivery SET status = 'PARKED', attempts = attempts + 1, lease_owner = NULL,"
                        + " lease_until = NULL, last_http_status = NULL, last_error = ?, updated_at = ?"
                        + " WHERE id = ? AND lease_owner = ?",
                truncate(reason), now, job.id(), owner);
        done(job);
    }

    /** Records a failed round: reschedules it, or makes it a dead letter when permanent or past the horizon. */
    public Outcome failed(DeliveryJob job, DeliveryFailure failure) {
        long now = clock.millis();
        long firstFailure = job.firstFailureAt() == null ? now : job.firstFailureAt();
        int attempt = job.attempts() + 1;
        long next = now + schedule.delayMillis(attempt, failure.retryAfterMillis());
        boolean dead = failure.permanent() || next - firstFailure > schedule.horizon().toMillis();
        String detail = dead && !failure.permanent()
                ? "gave up after " + schedule.horizon() + ": " + failure.detail() : failure.detail();
        jdbc.update("UPDATE delivery SET status = ?, attempts = ?, next_attempt_at = ?, first_failure_at = ?,"
                        + " lease_owner = NULL, lease_until = NULL, last_http_status = ?, last_error = ?, updated_at = ?"
                        + " WHERE id = ? AND lease_owner = ?",
                dead ? "DEAD" : "PENDING", attempt, dead ? now : next, firstFailure, failure.httpStatus(),
                truncate(detail), now, job.id(), owner);
        done(job);
        return dead ? Outcome.DEAD_LETTER : Outcome.RESCHEDULED;
    }

    public enum Outcome { RESCHEDULED, DEAD_LETTER }

    /** Frees the leases this instance held before a restart, so its unfinished work is taken up at once. */
    public int releaseOwnLeases() {
        return jdbc.update("UPDATE delivery SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?", owner);
    }

    /** Dead letters of one destination (or all, when null) that failed at or after {@code since}, oldest first. */
    public List<DeadLetter> deadLetters(String destination, Instant since, int limit) {
        return setAside("DEAD", destination, since, limit);
    }

    /** Parked deliveries, listed like dead letters; {@code lastError} says why the identity did not resolve. */
    public List<DeadLetter> parked(String destination, Instant since, int limit) {
        return setAside("PARKED", destination, since, limit);
    }

    private List<DeadLetter> setAside(String status, String destination, Instant since, int limit) {
        List<Object> args = new ArrayList<>();
        String where = filter(status, destination, since, args);
        args.add(limit);
        return jdbc.query("SELECT d.id, d.destination, d.event_id, e.event_type, e.external_id, d.attempts,"
                        + " d.last_http_status, d.last_error, e.received_at, d.updated_at"
                        + " FROM delivery d JOIN journal_event e ON e.id = d.event_id WHERE " + where
                        + " ORDER BY d.updated_at, d.id LIMIT ?",
                DEAD_LETTER, args.toArray());
    }

    /** Puts one dead letter back in line; false when there is no dead letter with that id. */
    public boolean replay(long id) {
        return jdbc.update(REPLAY + "d.status = 'DEAD' AND d.id = ?", clock.millis(), clock.millis(), id) == 1;
    }

    /** Puts the dead letters of one destination (or all, when null) that failed at or after {@code since} back. */
    public int replay(String destination, Instant since) {
        return putBack("DEAD", destination, since);
    }

    /** Puts parked deliveries of one destination (or all, when null) back in line to try their identity again. */
    public int unpark(String destination) {
        return putBack("PARKED", destination, null);
    }

    /** For the periodic recheck: every parked delivery tries its identity again. */
    public int unparkAll() {
        return unpark(null);
    }

    private int putBack(String status, String destination, Instant since) {
        List<Object> args = new ArrayList<>(List.of(clock.millis(), clock.millis()));
        String where = filter(status, destination, since, args);
        return jdbc.update(REPLAY + where, args.toArray());
    }

    private static String filter(String status, String destination, Instant since, List<Object> args) {
        StringBuilder where = new StringBuilder("d.status = ?");
        args.add(status);
        if (destination != null) {
            where.append(" AND d.destination = ?");
            args.add(destination);
        }
        if (since != null) {
            where.append(" AND d.updated_at >= ?");
            args.add(since.toEpochMilli());
        }
        return where.toString();
    }

    public long backlog(String destination) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM delivery WHERE destination = ? AND status = 'PENDING'",
                Long.class, destination);
        return count == null ? 0 : count;
    }

    /** When the oldest delivery still waiting for this destination was accepted, or null when none waits. */
    public Long oldestWaitingSince(String destination) {
        return jdbc.queryForObject("SELECT MIN(e.received_at) FROM delivery d JOIN journal_event e ON e.id = d.event_id"
                + " WHERE d.destination = ? AND d.status = 'PENDING'", Long.class, destination);
    }

    public long deadLetterCount(String destination) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM delivery WHERE destination = ? AND status = 'DEAD'",
                Long.class, destination);
        return count == null ? 0 : count;
    }

    /**
     * Forgets receipts older than the dedupe window and events older than the retention whose deliveries are all
     * done (dead letters are kept until replayed). Returns the number of events removed.
     */
    public int purge(Duration dedupeWindow, Duration retention) {
        long now = clock.millis();
        jdbc.update("DELETE FROM webhook_receipt WHERE received_at < ?", now - dedupeWindow.toMillis());
        long cutoff = now - retention.toMillis();
        jdbc.update("DELETE FROM delivery WHERE status = 'DELIVERED' AND updated_at < ?", cutoff);
        // ids sort by time (see Journal.timeOrderedId): the id bound lets the primary key find the old events
        return jdbc.update("DELETE FROM journal_event e WHERE e.id < ? AND e.received_at < ?"
                + " AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.event_id = e.id)",
                Journal.firstIdAt(cutoff), cutoff);
    }

    private static final String REPLAY = "UPDATE delivery d SET status = 'PENDING', attempts = 0,"
            + " first_failure_at = NULL, next_attempt_at = ?, updated_at = ? WHERE ";

    private static final RowMapper<DeliveryJob> JOB = (rs, row) -> new DeliveryJob(rs.getLong("id"),
            rs.getString("destination"), rs.getString("event_id"), rs.getString("event_type"),
            rs.getString("external_id"), rs.getString("payload"), rs.getInt("attempts"),
            nullableLong(rs, "first_failure_at"), rs.getLong("received_at"));

    private static final RowMapper<DeadLetter> DEAD_LETTER = (rs, row) -> new DeadLetter(rs.getLong("id"),
            rs.getString("destination"), rs.getString("event_id"), rs.getString("event_type"),
            Hashing.logTag(rs.getString("external_id")), rs.getInt("attempts"),
            (Integer) rs.getObject("last_http_status", Integer.class), rs.getString("last_error"),
            Instant.ofEpochMilli(rs.getLong("received_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }
}
