package ai.sahha.bridge.journal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

import javax.sql.DataSource;

import ai.sahha.bridge.PersonTags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivery work in the journal. Each destination has a position in the journal's sequence: events up to it are
 * settled. Work is claimed under a lease, as ranges of events past the position (the position row is locked while a
 * range is handed out) and as delivery rows, which exist only for what did not go through at once: rescheduled,
 * parked and dead deliveries, and replays (rows locked with {@code FOR UPDATE SKIP LOCKED}). Replicas sharing one
 * database never claim the same work, and every outcome is written only by the lease holder. A process that dies
 * leaves its leases to expire; the same instance releases its own at start.
 * <p>
 * A claim hands out a person's due deliveries together ({@link #claimByPerson}), to be sent one after the other, and
 * none of that person's while some are still in flight in this process: two updates for one person never race each
 * other to a vendor. Parked deliveries (status {@code PARKED}) wait for the person's identity and are listed and
 * put back in line like dead letters.
 */
public class DeliveryStore {

    /** Attempts kept in each delivery's history. */
    public static final int KEPT_ATTEMPTS = 20;

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStore.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final String owner;
    private final long leaseMillis;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final PersonTags tags;
    /** destination -> person -> their deliveries in flight here (and until when, should one never finish) */
    private final Map<String, Map<String, InFlight>> inFlight = new ConcurrentHashMap<>();
    /** claims in progress here, whose leases are renewed */

    private final Set<Claim> held = ConcurrentHashMap.newKeySet();
    /** abandoned claims whose leases could not be freed yet */
    private final Set<Claim> unreleased = ConcurrentHashMap.newKeySet();
    /** a destination's share of its configured claim size now: its vendor's current rate over its documented one */
    private volatile ToDoubleFunction<String> claimShare = destination -> 1.0;
    private volatile RetrySchedule parkedRecheck = new RetrySchedule(Duration.ofHours(1), Duration.ofHours(24),
            Duration.ofHours(24));
    /** destinations whose position row is known to exist */
    private final Set<String> cursors = ConcurrentHashMap.newKeySet();

    private record InFlight(int count, long until) {
    }

    public DeliveryStore(DataSource dataSource, TransactionTemplate transactions, String owner, Duration lease,
                         RetrySchedule schedule, Clock clock, PersonTags tags) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tags = tags;
        this.transactions = transactions;
        this.owner = owner;
        this.leaseMillis = lease.toMillis();
        this.schedule = schedule;
        this.clock = clock;
    }

    public String owner() {
        return owner;
    }

    /** When a parked delivery tries its identity again: after {@code first}, doubling each time, up to {@code maximum}. */
    public void recheckParkedAfter(Duration first, Duration maximum) {
        this.parkedRecheck = new RetrySchedule(first, maximum, maximum);
    }

    /** Claims shrink with the share of its rate limit a destination may use now (a 429 cuts it, it recovers). */
    public void sizeClaimsBy(ToDoubleFunction<String> share) {
        this.claimShare = share;
    }

    /** {@link #claim}, grouped by person in claim order: each group is to be delivered in order, one at a time. */
    public List<List<DeliveryJob>> claimByPerson(String destination, int max) {
        return byPerson(claim(destination, max));
    }

    /** A claim's deliveries grouped by person, in claim order. */
    public List<List<DeliveryJob>> byPerson(Claim claim) {
        Map<String, List<DeliveryJob>> byPerson = new LinkedHashMap<>();
        for (DeliveryJob job : claim.jobs()) {
            byPerson.computeIfAbsent(job.externalId(), person -> new ArrayList<>()).add(job);
        }
        return List.copyOf(byPerson.values());
    }

    /**
     * Claims up to {@code max} deliveries for one destination: due delivery rows (retries, replays), oldest first,
     * then the next range of the journal's events for the destination, or a range whose holder's lease lapsed. People
     * with deliveries still in flight here are left out, to a later claim. {@link #finish} the claim when each of its
     * deliveries has its outcome.
     */
    public Claim claim(String destination, int configured) {
        releaseAbandoned();
        int max = (int) Math.max(1, Math.ceil(configured * Math.min(1, claimShare.applyAsDouble(destination))));
        long now = clock.millis();
        ensureCursor(destination);
        Claimed claimed = transactions.execute(status -> {
            // retries and rechecked rows take at most half a claim while new events wait, so neither starves
            int half = (max + 1) / 2;
            List<Long> due = new ArrayList<>(leaseDue(destination, half, now));
            long[] range = due.size() < max ? claimRange(destination, max - due.size(), now) : null;
            if (range == null && due.size() == half) {
                due.addAll(leaseDue(destination, max - half, now));
            }
            return new Claimed(due, range);
        });
        List<DeliveryJob> jobs = new ArrayList<>();
        if (!claimed.rows().isEmpty()) {
            String in = String.join(",", Collections.nCopies(claimed.rows().size(), "?"));
            jobs.addAll(jdbc.query("SELECT d.id, d.destination, d.event_id, e.event_type, e.external_id, e.payload,"
                            + " d.attempts, d.first_failure_at, e.received_at, e.trace_parent"
                            + " FROM delivery d JOIN journal_event e ON e.id = d.event_id WHERE d.id IN (" + in + ")"
                            + " ORDER BY d.next_attempt_at, d.id",
                    ROW_JOB, claimed.rows().toArray()));
        }
        if (claimed.range() != null) {
            long from = claimed.range()[0];
            // events that already have a row (an earlier holder of the range recorded their outcome) are done here
            jobs.addAll(jdbc.query("SELECT e.id, e.event_type, e.external_id, e.payload, e.received_at,"
                            + " e.trace_parent FROM journal_event e"
                            + " WHERE e.seq >= ? AND e.seq <= ? AND e.destinations LIKE ?"
                            + " AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.event_id = e.id AND d.destination = ?)"
                            + " ORDER BY e.seq",
                    (rs, row) -> new DeliveryJob(null, from, destination, rs.getString(1), rs.getString(2),
                            rs.getString(3), rs.getString(4), 0, null, rs.getLong(5), rs.getString(6)),
                    from, claimed.range()[1], listed(destination), destination));
        }
        Claim claim = new Claim(destination, withoutPeopleInFlight(destination, jobs, now),
                claimed.range() == null ? null : claimed.range()[0], claimed.rows(), new AtomicBoolean());
        held.add(claim);
        return claim;
    }

    /**
     * Renews the leases of every claim in progress here, so that a claim that takes longer than a lease (a Klaviyo
     * import job followed for minutes, mParticle's throttled pace) is not taken over while it is still being sent.
     * A claim whose range lease cannot be renewed (another replica took it over, or the database is gone) is
     * abandoned: nothing more of it is sent from here.
     */
    public void renewLeases() {
        long until = clock.millis() + leaseMillis;
        for (Claim claim : held) {
            try {
                if (claim.range() != null && jdbc.update("UPDATE delivery_claim SET lease_until = ? WHERE destination"
                        + " = ? AND from_seq = ? AND owner = ?", until, claim.destination(), claim.range(), owner) == 0) {
                    abandon(claim, "another replica took it over");
                    continue;
                }
                if (!claim.rows().isEmpty()) {
                    jdbc.batchUpdate("UPDATE delivery SET lease_until = ? WHERE id = ? AND lease_owner = ?",
                            claim.rows().stream().map(id -> new Object[] {until, id, owner}).toList());
                }
            } catch (RuntimeException e) {
                abandon(claim, "its lease could not be renewed: " + e.getMessage());
            }
        }
    }

    /**
     * The claim ends without being finished (a delivery's outcome could not be recorded, or its lease was lost):
     * its range and rows are freed at once, so that this replica or another claims them again; the deliveries that
     * went through are sent again then, under the same vendor dedupe keys.
     */
    public void abandon(Claim claim) {
        abandon(claim, "a delivery's outcome could not be recorded");
    }

    private void abandon(Claim claim, String why) {
        claim.lost().set(true);
        held.remove(claim);
        LOG.warn("Claim of {} abandoned: {}; its work is claimed again", claim.destination(), why);
        claim.jobs().forEach(this::done);
        unreleased.add(claim);
        releaseAbandoned();
    }

    /**
     * Frees the leases of abandoned claims. When the database is away (the usual reason to abandon), it is tried again
     * at the next claim, so that the work is taken up once the database is back rather than when the leases lapse.
     */
    private void releaseAbandoned() {
        for (Claim claim : unreleased) {
            try {
                if (claim.range() != null) {
                    jdbc.update("UPDATE delivery_claim SET lease_until = 0 WHERE destination = ? AND from_seq = ?"
                            + " AND owner = ?", claim.destination(), claim.range(), owner);
                }
                if (!claim.rows().isEmpty()) {
                    jdbc.batchUpdate("UPDATE delivery SET lease_owner = NULL, lease_until = NULL WHERE id = ?"
                            + " AND lease_owner = ?", claim.rows().stream().map(id -> new Object[] {id, owner}).toList());
                }
                unreleased.remove(claim);
            } catch (RuntimeException unreachable) {
                return;
            }
        }
    }

    private record Claimed(List<Long> rows, long[] range) {
    }

    /** Leases up to {@code max} of the destination's due rows, oldest first. */
    private List<Long> leaseDue(String destination, int max, long now) {
        if (max <= 0) {
            return List.of();
        }
        List<Long> due = jdbc.queryForList("SELECT id FROM delivery WHERE destination = ? AND status = 'PENDING'"
                        + " AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)"
                        + " ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED",
                Long.class, destination, now, now, max);
        jdbc.batchUpdate("UPDATE delivery SET lease_owner = ?, lease_until = ? WHERE id = ?",
                due.stream().map(id -> new Object[] {owner, now + leaseMillis, id}).toList());
        return due;
    }

    /** Inside the claim's transaction: a lapsed range, else the next one; {from, to}, or null when none is free. */
    private long[] claimRange(String destination, int max, long now) {
        long claimedTo = jdbc.queryForObject("SELECT claimed_to FROM delivery_cursor WHERE destination = ? FOR UPDATE",
                Long.class, destination);
        List<long[]> lapsed = jdbc.query("SELECT from_seq, to_seq FROM delivery_claim WHERE destination = ?"
                        + " AND lease_until < ? ORDER BY from_seq LIMIT 1",
                (rs, row) -> new long[] {rs.getLong(1), rs.getLong(2)}, destination, now);
        if (!lapsed.isEmpty()) {
            jdbc.update("UPDATE delivery_claim SET owner = ?, lease_until = ? WHERE destination = ? AND from_seq = ?",
                    owner, now + leaseMillis, destination, lapsed.get(0)[0]);
            return lapsed.get(0);
        }
        // every event up to the committed head is visible: the journal commits in sequence order
        long head = jdbc.queryForObject("SELECT last_seq FROM journal_sequence WHERE id = 1", Long.class);
        if (head <= claimedTo) {
            return null;
        }
        List<Long> next = jdbc.queryForList("SELECT seq FROM journal_event WHERE seq > ? AND seq <= ?"
                        + " AND destinations LIKE ? ORDER BY seq LIMIT ?",
                Long.class, claimedTo, head, listed(destination), max);
        long to = next.size() == max ? next.get(max - 1) : head;
        jdbc.update("INSERT INTO delivery_claim (destination, from_seq, to_seq, owner, lease_until)"
                + " VALUES (?, ?, ?, ?, ?)", destination, claimedTo + 1, to, owner, now + leaseMillis);
        jdbc.update("UPDATE delivery_cursor SET claimed_to = ? WHERE destination = ?", to, destination);
        return new long[] {claimedTo + 1, to};
    }

    /**
     * Leaves out (to a later claim) the deliveries of people with deliveries in flight here: a row is released,
     * a first attempt gets a row due now.
     */
    private List<DeliveryJob> withoutPeopleInFlight(String destination, List<DeliveryJob> jobs, long now) {
        Map<String, InFlight> people = inFlight.computeIfAbsent(destination, d -> new ConcurrentHashMap<>());
        Set<String> takenNow = new HashSet<>();
        List<DeliveryJob> taken = new ArrayList<>();
        List<Object[]> released = new ArrayList<>();
        for (DeliveryJob job : jobs) {
            String person = job.externalId();
            InFlight busy = people.get(person);
            if (busy == null || busy.until() < now || takenNow.contains(person)) {
                takenNow.add(person);
                people.merge(person, new InFlight(1, now + leaseMillis), (held, one) ->
                        new InFlight(held.until() < now ? 1 : held.count() + 1, one.until()));
                taken.add(job);
            } else if (job.id() != null) {
                released.add(new Object[] {job.id(), owner});
            } else {
                record(job, "PENDING", 0, now, null, null, null, null, now);
            }
        }
        if (!released.isEmpty()) {
            jdbc.batchUpdate("UPDATE delivery SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
                    released);
        }
        return taken;
    }

    /**
     * The claim's range is done: each of its deliveries went through or has a row saying what became of it. The
     * destination's position moves up to the earliest range still held. Nothing happens when the lease was lost.
     */
    public void finish(Claim claim) {
        held.remove(claim);
        if (claim.range() == null || claim.abandoned()) {
            return;
        }
        String destination = claim.destination();
        transactions.executeWithoutResult(status -> {
            long claimedTo = jdbc.queryForObject(
                    "SELECT claimed_to FROM delivery_cursor WHERE destination = ? FOR UPDATE", Long.class, destination);
            if (jdbc.update("DELETE FROM delivery_claim WHERE destination = ? AND from_seq = ? AND owner = ?",
                    destination, claim.range(), owner) == 1) {
                Long held = jdbc.queryForObject("SELECT MIN(from_seq) FROM delivery_claim WHERE destination = ?",
                        Long.class, destination);
                jdbc.update("UPDATE delivery_cursor SET settled_to = ? WHERE destination = ?",
                        held == null ? claimedTo : held - 1, destination);
            }
        });
    }

    private void ensureCursor(String destination) {
        if (cursors.add(destination)) {
            jdbc.update("INSERT INTO delivery_cursor (destination, settled_to, claimed_to) VALUES (?, 0, 0)"
                    + " ON CONFLICT DO NOTHING", destination);
        }
    }

    private static String listed(String destination) {
        return "%," + destination + ",%";
    }

    private void done(DeliveryJob job) {
        Map<String, InFlight> people = inFlight.get(job.destination());
        if (people != null) {
            people.computeIfPresent(job.externalId(),
                    (person, held) -> held.count() <= 1 ? null : new InFlight(held.count() - 1, held.until()));
        }
    }

    /** A delivery that went through: a first attempt needs no row (its range's {@link #finish} covers it). */
    public void delivered(DeliveryJob job) {
        if (job.id() != null) {
            long now = clock.millis();
            int updated = jdbc.update("UPDATE delivery SET status = 'DELIVERED', attempts = attempts + 1,"
                            + " lease_owner = NULL, lease_until = NULL, last_http_status = NULL, last_error = NULL,"
                            + " updated_at = ? WHERE id = ? AND lease_owner = ?",
                    now, job.id(), owner);
            if (updated == 1) {
                attempted(job, now, "delivered", null, null, null, null);
            }
        }
        done(job);
    }

    /**
     * Sets a delivery aside until the person's identity can be resolved: a mapping arrives, or its recheck comes,
     * later each time it is parked again.
     */
    public void park(DeliveryJob job, String reason) {
        long now = clock.millis();
        int attempts = job.attempts() + 1;
        record(job, "PARKED", attempts, now + parkedRecheck.delayMillis(attempts, null), null, null, null, reason,
                now);
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
        if (record(job, dead ? "DEAD" : "PENDING", attempt, dead ? now : next, firstFailure, failure.httpStatus(),
                failure.errorCode(), detail, now) == 1) {
            attempted(job, now, dead ? "dead_letter" : "rescheduled", failure.httpStatus(), failure.errorCode(),
                    detail, dead ? null : next);
        }
        done(job);
        return dead ? Outcome.DEAD_LETTER : Outcome.RESCHEDULED;
    }

    /**
     * Writes a delivery's state, its lease released: into its row, or for a first attempt into a new row; either
     * only while this instance still holds the row's lease or the range's. (What a vendor answered arrives here with
     * the person's data masked: see DeliveryOutcomes.)
     */
    private int record(DeliveryJob job, String status, int attempts, long next, Long firstFailure, Integer httpStatus,
                       String code, String detail, long now) {
        if (job.id() != null) {
            return jdbc.update("UPDATE delivery SET status = ?, attempts = ?, next_attempt_at = ?, first_failure_at = ?,"
                            + " lease_owner = NULL, lease_until = NULL, last_http_status = ?, last_error_code = ?,"
                            + " last_error = ?, updated_at = ? WHERE id = ? AND lease_owner = ?",
                    status, attempts, next, firstFailure, httpStatus, code, detail, now, job.id(), owner);
        } else {
            return jdbc.update("INSERT INTO delivery (event_id, destination, status, attempts, next_attempt_at,"
                            + " first_failure_at, last_http_status, last_error_code, last_error, updated_at)"
                            + " SELECT ?, ?, ?, ?, ?, CAST(? AS BIGINT), CAST(? AS INT), CAST(? AS VARCHAR(100)),"
                            + " CAST(? AS VARCHAR(2000)), ? FROM delivery_claim"
                            + " WHERE destination = ? AND from_seq = ? AND owner = ?",
                    job.eventId(), job.destination(), status, attempts, next, firstFailure, httpStatus, code, detail,
                    now, job.destination(), job.range(), owner);
        }
    }

    public enum Outcome { RESCHEDULED, DEAD_LETTER }

    /** Adds an attempt to the delivery's history, keeping its {@value #KEPT_ATTEMPTS} latest. */
    private void attempted(DeliveryJob job, long at, String outcome, Integer httpStatus, String code, String detail,
                           Long next) {
        Long id = job.id() != null ? job.id() : jdbc.queryForObject(
                "SELECT id FROM delivery WHERE event_id = ? AND destination = ?", Long.class, job.eventId(),
                job.destination());
        jdbc.update("INSERT INTO delivery_attempt (delivery_id, attempted_at, outcome, http_status, error_code, detail,"
                + " next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)", id, at, outcome, httpStatus, code, detail, next);
        jdbc.update("DELETE FROM delivery_attempt WHERE delivery_id = ? AND id NOT IN (SELECT id FROM delivery_attempt"
                + " WHERE delivery_id = ? ORDER BY id DESC LIMIT " + KEPT_ATTEMPTS + ")", id, id);
    }

    /** The attempt histories of these deliveries, oldest attempt first. */
    public Map<Long, List<DeliveryAttempt>> attempts(Collection<Long> deliveryIds) {
        Map<Long, List<DeliveryAttempt>> histories = new HashMap<>();
        if (deliveryIds.isEmpty()) {
            return histories;
        }
        String ids = String.join(",", Collections.nCopies(deliveryIds.size(), "?"));
        jdbc.query("SELECT delivery_id, attempted_at, outcome, http_status, error_code, detail, next_attempt_at"
                + " FROM delivery_attempt WHERE delivery_id IN (" + ids + ") ORDER BY id", rs -> {
                    Long next = nullableLong(rs, "next_attempt_at");
                    histories.computeIfAbsent(rs.getLong("delivery_id"), id -> new ArrayList<>()).add(
                            new DeliveryAttempt(rs.getLong("delivery_id"), Instant.ofEpochMilli(rs.getLong("attempted_at")),
                                    rs.getString("outcome"), (Integer) rs.getObject("http_status", Integer.class),
                                    rs.getString("error_code"), rs.getString("detail"),
                                    next == null ? null : Instant.ofEpochMilli(next)));
                }, deliveryIds.toArray());
        return histories;
    }

    /** Frees the leases this instance held before a restart, so its unfinished work is taken up at once. */
    public void releaseOwnLeases() {
        jdbc.update("UPDATE delivery SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?", owner);
        jdbc.update("UPDATE delivery_claim SET lease_until = 0 WHERE owner = ?", owner);
    }

    /** Dead letters of one destination (or all, when null) that failed at or after {@code since}, oldest first. */
    public List<DeadLetter> deadLetters(String destination, Instant since, int limit) {
        return deadLetters(new SetAsideFilter(destination, null, null, since, null), limit);
    }

    /** The dead letters that match, oldest first. */
    public List<DeadLetter> deadLetters(SetAsideFilter filter, int limit) {
        return setAside("DEAD", filter, limit);
    }

    /** The event types among the dead letters, for a filter to offer. */
    public List<String> deadLetterEventTypes() {
        return jdbc.queryForList("SELECT DISTINCT e.event_type FROM delivery d JOIN journal_event e ON e.id = d.event_id"
                + " WHERE d.status = 'DEAD' ORDER BY e.event_type", String.class);
    }

    /** How many dead letters match: what a replay of them would put back in line. */
    public long countDeadLetters(SetAsideFilter filter) {
        List<Object> args = new ArrayList<>();
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM delivery d WHERE " + filter.where("DEAD", args),
                Long.class, args.toArray());
        return count == null ? 0 : count;
    }

    /** Parked deliveries, listed like dead letters; {@code lastError} says why the identity did not resolve. */
    public List<DeadLetter> parked(String destination, Instant since, int limit) {
        return setAside("PARKED", new SetAsideFilter(destination, null, null, since, null), limit);
    }

    /** Parked deliveries by destination and reason, the most common first. */
    public List<ParkedReason> parkedReasons() {
        return jdbc.query("SELECT destination, last_error, COUNT(*) AS parked FROM delivery WHERE status = 'PARKED'"
                + " GROUP BY destination, last_error ORDER BY parked DESC, destination",
                (rs, row) -> new ParkedReason(rs.getString("destination"), rs.getString("last_error"),
                        rs.getLong("parked")));
    }

    public record ParkedReason(String destination, String reason, long count) {
    }

    /** The newest reason a delivery to this destination failed that is not yet settled, or null. */
    public String lastError(String destination) {
        List<String> errors = jdbc.queryForList("SELECT last_error FROM delivery WHERE destination = ?"
                + " AND status IN ('PENDING', 'DEAD') AND last_error IS NOT NULL ORDER BY updated_at DESC LIMIT 1",
                String.class, destination);
        return errors.isEmpty() ? null : errors.get(0);
    }

    private List<DeadLetter> setAside(String status, SetAsideFilter filter, int limit) {
        List<Object> args = new ArrayList<>();
        String where = filter.where(status, args);
        args.add(limit);
        return jdbc.query("SELECT d.id, d.destination, d.event_id, e.event_type, e.external_id, d.attempts,"
                        + " d.last_http_status, d.last_error_code, d.last_error, e.received_at, d.updated_at"
                        + " FROM delivery d JOIN journal_event e ON e.id = d.event_id WHERE " + where
                        + " ORDER BY d.updated_at, d.id LIMIT ?",
                this::deadLetter, args.toArray());
    }

    /** Puts one dead letter back in line; false when there is no dead letter with that id. */
    public boolean replay(long id) {
        return jdbc.update(REPLAY + "d.status = 'DEAD' AND d.id = ?", clock.millis(), clock.millis(), id) == 1;
    }

    /** Puts the dead letters that match back in line. */
    public int replay(SetAsideFilter filter) {
        return putBack("DEAD", filter);
    }

    /** Puts these dead letters back in line; returns how many were still dead letters. */
    public int replay(Collection<Long> ids) {
        int replayed = 0;
        for (long id : ids) {
            replayed += replay(id) ? 1 : 0;
        }
        return replayed;
    }

    /** Puts parked deliveries of one destination (or all, when null) back in line to try their identity again. */
    public int unpark(String destination) {
        return putBack("PARKED", new SetAsideFilter(destination, null, null, null, null));
    }

    /**
     * For the periodic recheck: up to {@code batch} parked deliveries per destination whose recheck is due try their
     * identity again (attempts kept, so that one parked again waits longer).
     */
    public int recheckParked(int batch) {
        long now = clock.millis();
        int rechecked = 0;
        for (String destination : jdbc.queryForList("SELECT destination FROM delivery_cursor", String.class)) {
            rechecked += jdbc.update("UPDATE delivery SET status = 'PENDING', next_attempt_at = ?, updated_at = ?"
                    + " WHERE id IN (SELECT id FROM delivery WHERE destination = ? AND status = 'PARKED'"
                    + " AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?)",
                    now, now, destination, now, batch);
        }
        return rechecked;
    }

    public long parkedCount(String destination) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM delivery WHERE destination = ? AND status = 'PARKED'",
                Long.class, destination);
        return count == null ? 0 : count;
    }

    private int putBack(String status, SetAsideFilter filter) {
        List<Object> args = new ArrayList<>(List.of(clock.millis(), clock.millis()));
        return jdbc.update(REPLAY + filter.where(status, args), args.toArray());
    }

    /** Deliveries waiting for this destination: rows due or scheduled, and events past its position. */
    public long backlog(String destination) {
        Long rows = jdbc.queryForObject("SELECT COUNT(*) FROM delivery WHERE destination = ? AND status = 'PENDING'",
                Long.class, destination);
        Long events = jdbc.queryForObject("SELECT COUNT(*) FROM journal_event WHERE seq > (SELECT settled_to"
                + " FROM delivery_cursor WHERE destination = ?) AND destinations LIKE ?", Long.class, destination,
                listed(destination));
        return (rows == null ? 0 : rows) + (events == null ? 0 : events);
    }

    /** When the oldest delivery still waiting for this destination was accepted, or null when none waits. */
    public Long oldestWaitingSince(String destination) {
        Long row = jdbc.queryForObject("SELECT MIN(e.received_at) FROM delivery d JOIN journal_event e"
                + " ON e.id = d.event_id WHERE d.destination = ? AND d.status = 'PENDING'", Long.class, destination);
        List<Long> event = jdbc.queryForList("SELECT received_at FROM journal_event WHERE seq > (SELECT settled_to"
                        + " FROM delivery_cursor WHERE destination = ?) AND destinations LIKE ? ORDER BY seq LIMIT 1",
                Long.class, destination, listed(destination));
        if (event.isEmpty()) {
            return row;
        }
        return row == null ? event.get(0) : Long.valueOf(Math.min(row, event.get(0)));
    }

    public long eventCount() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM journal_event", Long.class);
        return count == null ? 0 : count;
    }

    public long deadLetterCount(String destination) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM delivery WHERE destination = ? AND status = 'DEAD'",
                Long.class, destination);
        return count == null ? 0 : count;
    }

    /** What one purge forgot, by kind. */
    public record Purged(int receipts, int delivered, int deadLetters, int parked, int events) {
    }

    /**
     * Forgets receipts older than the dedupe window, deliveries done longer ago than the retention, dead letters and
     * parked deliveries set aside longer ago than {@code setAsideRetention} (unless replayed or unparked before),
     * then the events left without deliveries, each in batches of {@value BatchedDelete#BATCH} rows so that no transaction
     * grows with the backlog.
     */
    public Purged purge(Duration dedupeWindow, Duration retention, Duration setAsideRetention) {
        long now = clock.millis();
        int receipts = BatchedDelete.where(transactions, jdbc, "webhook_receipt", "content_key", "kept_from < ?",
                now - dedupeWindow.toMillis());
        long cutoff = now - retention.toMillis();
        int delivered = expire("DELIVERED", cutoff);
        long setAside = now - setAsideRetention.toMillis();
        int dead = expire("DEAD", setAside);
        int parked = expire("PARKED", setAside);
        // ids sort by time (see Journal.timeOrderedId): the id bound lets the primary key find the old events
        int events = BatchedDelete.where(transactions, jdbc, "journal_event e", "e.id",
                "e.id < ? AND e.received_at < ?"
                + " AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.event_id = e.id)"
                + " AND NOT EXISTS (SELECT 1 FROM delivery_cursor c WHERE c.settled_to < e.seq"
                + " AND e.destinations LIKE '%,' || c.destination || ',%')", Journal.firstIdAt(cutoff), cutoff);
        if (dead + parked > 0) {
            LOG.info("Forgot {} dead letter(s) and {} parked delivery(ies) set aside more than {} ago", dead, parked,
                    setAsideRetention);
        }
        return new Purged(receipts, delivered, dead, parked, events);
    }

    private int expire(String status, long before) {
        return BatchedDelete.where(transactions, jdbc, "delivery", "id", "status = ? AND updated_at < ?", status, before);
    }

    private static final String REPLAY = "UPDATE delivery d SET status = 'PENDING', attempts = 0,"
            + " first_failure_at = NULL, next_attempt_at = ?, updated_at = ? WHERE ";

    private static final RowMapper<DeliveryJob> ROW_JOB = (rs, row) -> new DeliveryJob(rs.getLong("id"), null,
            rs.getString("destination"), rs.getString("event_id"), rs.getString("event_type"),
            rs.getString("external_id"), rs.getString("payload"), rs.getInt("attempts"),
            nullableLong(rs, "first_failure_at"), rs.getLong("received_at"), rs.getString("trace_parent"));

    private DeadLetter deadLetter(ResultSet rs, int row) throws SQLException {
        return new DeadLetter(rs.getLong("id"), rs.getString("destination"), rs.getString("event_id"),
                rs.getString("event_type"), tags.tag(rs.getString("external_id")), rs.getInt("attempts"),
                (Integer) rs.getObject("last_http_status", Integer.class), rs.getString("last_error_code"),
                rs.getString("last_error"), Instant.ofEpochMilli(rs.getLong("received_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
