package ai.sahha.bridge.privacy;

import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import ai.sahha.bridge.ExchangeVariables;
import ai.sahha.bridge.PersonTags;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The people an operator has forgotten: their webhooks are answered 200 and never journaled or forwarded, until the
 * suppression is lifted. Kept in the database as the HMAC of the externalId under a key of its own, and held here in
 * memory (every replica re-reads the list every few seconds; the replica that suppresses sees it at once).
 */
public class Suppressions {

    /**
     * How long this replica's own changes win over what it reads: a re-read that started before a change committed
     * must not undo it (a forgotten person forwarded again, a lifted one still dropped).
     */
    private static final long OWN_CHANGES_MILLIS = 60_000;

    private record Change(boolean suppressed, long at) {
    }

    private final Map<String, Change> ownChanges = new ConcurrentHashMap<>();

    private final JdbcTemplate jdbc;
    private final PersonTags hashes;
    private final Clock clock;
    private volatile Set<String> suppressed = Set.of();

    public Suppressions(JdbcTemplate jdbc, PersonTags hashes, Clock clock) {
        this.jdbc = jdbc;
        this.hashes = hashes;
        this.clock = clock;
        refresh();
    }

    /** For the intake route: whether the webhook's person (variable {@code externalId}) is suppressed. */
    public boolean suppressed(Exchange exchange) {
        return isSuppressed(exchange.getVariable(ExchangeVariables.EXTERNAL_ID, String.class));
    }

    public boolean isSuppressed(String externalId) {
        Set<String> now = suppressed;
        return externalId != null && !now.isEmpty() && now.contains(hashes.hash(externalId));
    }

    public synchronized void refresh() {
        Set<String> read = new HashSet<>(jdbc.queryForList("SELECT person_hash FROM suppression", String.class));
        long now = clock.millis();
        ownChanges.values().removeIf(change -> now - change.at() > OWN_CHANGES_MILLIS);
        ownChanges.forEach((hash, change) -> apply(read, hash, change.suppressed()));
        suppressed = Set.copyOf(read);
    }

    public long count() {
        return suppressed.size();
    }

    /** Within the caller's transaction; seen by this replica at once. */
    synchronized void add(String externalId) {
        String hash = hashes.hash(externalId);
        jdbc.update("INSERT INTO suppression (person_hash, suppressed_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                hash, clock.millis());
        remember(hash, true);
    }

    /** Whether the person was suppressed (and no longer is). */
    synchronized boolean lift(String externalId) {
        String hash = hashes.hash(externalId);
        boolean was = jdbc.update("DELETE FROM suppression WHERE person_hash = ?", hash) > 0;
        remember(hash, false);
        return was;
    }

    private void remember(String hash, boolean suppress) {
        ownChanges.put(hash, new Change(suppress, clock.millis()));
        Set<String> next = new HashSet<>(suppressed);
        apply(next, hash, suppress);
        suppressed = Set.copyOf(next);
    }

    private static void apply(Set<String> hashes, String hash, boolean suppress) {
        if (suppress) {
            hashes.add(hash);
        } else {
            hashes.remove(hash);
        }
    }
}
