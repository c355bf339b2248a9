package ai.sahha.bridge.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable journal of accepted webhooks. Each {@link #append} is written, together with its receipt (the
 * durable dedupe key), in a single transaction, with the next number of the journal's sequence and the destinations
 * it is for: delivery takes events by sequence ranges ({@link DeliveryStore}). A writer thread
 * groups concurrent appends into one commit, so durability costs one commit per batch instead of one per webhook.
 * The returned future completes only after the commit.
 */
public class Journal implements AutoCloseable {

    public enum Outcome { ACCEPTED, DUPLICATE }

    /**
     * One webhook to journal, with the destinations it is to be delivered to; {@code traceParent}: the webhook's span
     * when tracing is on and sampled it, to link the vendor calls to.
     */
    public record Entry(String receiptKey, String eventType, String externalId, String payload,
                        List<String> destinations, String traceParent) {

        public Entry(String receiptKey, String eventType, String externalId, String payload, List<String> destinations) {
            this(receiptKey, eventType, externalId, payload, destinations, null);
        }
    }

    private record Pending(Entry entry, CompletableFuture<Outcome> result) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final DataSource dataSource;
    private final int maxBatch;
    private final Clock clock;
    private final BlockingQueue<Pending> queue;
    private final Thread writer;
    private volatile boolean running = true;
    /** the last write failed: the journal cannot take webhooks now (readiness is DOWN) */
    private volatile boolean failing;
    private final LongAdder written = new LongAdder();
    private final LongAdder commits = new LongAdder();

    public Journal(DataSource dataSource, int queueCapacity, int maxBatch, Clock clock) {
        this.dataSource = dataSource;
        this.maxBatch = maxBatch;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.writer = new Thread(this::writeLoop, "journal-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public CompletableFuture<Outcome> append(Entry entry) {
        Pending pending = new Pending(entry, new CompletableFuture<>());
        if (!running || !queue.offer(pending)) {
            pending.result.completeExceptionally(new JournalUnavailableException("the journal is not taking writes"
                    + (running ? " (queue full)" : " (shutting down)"), null));
        }
        return pending.result;
    }

    /** True while the writer runs and its last write went through: what readiness reports. */
    public boolean writing() {
        return running && writer.isAlive() && !failing;
    }

    /** Webhooks this process has written so far (accepted or found to be duplicates). */
    public long written() {
        return written.sum();
    }

    /** Commits made by this process so far (each holds every webhook that was waiting when it began). */
    public long commits() {
        return commits.sum();
    }

    /** Stops taking appends and waits for the ones already queued to be written. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        writer.join(TimeUnit.SECONDS.toMillis(30));
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (failing) {
                        probe(); // no webhooks come while readiness is DOWN: find out when the database is back
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) { // an Error too (out of memory, a driver's linkage error): the writer carries on
                failing = true;
                LOG.error("Journal writer failed unexpectedly: {}", e.toString());
                JournalUnavailableException failure = new JournalUnavailableException("the journal writer failed", e);
                batch.forEach(p -> p.result.completeExceptionally(failure));
            } finally {
                batch.clear();
            }
        }
    }

    private void probe() {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(1)) {
                failing = false;
                LOG.info("Journal can write again");
            }
        } catch (SQLException | RuntimeException stillDown) {
            // readiness stays DOWN; the next idle poll asks again
        }
    }

    private void write(List<Pending> batch) {
        long now = clock.millis();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Outcome> outcomes = insert(connection, batch, now);
                connection.commit();
                commits.increment();
                written.add(batch.size());
                failing = false;
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).result.complete(outcomes.get(i));
                }
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            failing = true;
            LOG.warn("Journal could not write {} webhook(s): {}", batch.size(), e.toString());
            JournalUnavailableException failure = new JournalUnavailableException("the journal could not write", e);
            batch.forEach(p -> p.result.completeExceptionally(failure));
        }
    }

    /**
     * A UUID version 7 (48-bit milliseconds, then random bits): ids of new events sort after older ones, so the
     * journal's indexes grow at one end instead of touching pages all over at every commit.
     */
    static String timeOrderedId(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** An id that sorts before every {@link #timeOrderedId} of {@code epochMillis} and after all earlier ones. */
    static String firstIdAt(long epochMillis) {
        return new UUID(epochMillis << 16, 0).toString();
    }

    /** Takes the sequence row's lock until commit, so events commit in sequence order; returns the last one used. */
    private static long lockSequence(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT last_seq FROM journal_sequence WHERE id = 1 FOR UPDATE");
             ResultSet row = lock.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** How an event names its destinations: {@code ",a,b,"}, so one is found with {@code LIKE '%,a,%'}. */
    static String destinationList(List<String> destinations) {
        return "," + String.join(",", destinations) + ",";
    }

    private List<Outcome> insert(Connection connection, List<Pending> batch, long now) throws SQLException {
        // first, so that replicas writing the same receipt never wait on each other in opposite orders
        long seq = lockSequence(connection);
        int[] receipts;
        try (PreparedStatement receipt = connection.prepareStatement(
                "INSERT INTO webhook_receipt (content_key, kept_from) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (Pending pending : batch) {
                byte[] key = HexFormat.of().parseHex(pending.entry.receiptKey());
                receipt.setBytes(1, key);
                // a record dated after its arrival keeps its receipt until the dedupe window has passed that date
                receipt.setLong(2, Math.max(now, ReceiptKey.recordTimeMillis(key)));
                receipt.addBatch();
            }
            receipts = receipt.executeBatch();
        }
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        try (PreparedStatement event = connection.prepareStatement("INSERT INTO journal_event"
                + " (id, seq, event_type, external_id, payload, destinations, received_at, trace_parent)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < batch.size(); i++) {
                if (receipts[i] == 0) {
                    outcomes.add(Outcome.DUPLICATE);
                    continue;
                }
                outcomes.add(Outcome.ACCEPTED);
                Entry entry = batch.get(i).entry;
                event.setString(1, timeOrderedId(now));
                event.setLong(2, ++seq);
                event.setString(3, entry.eventType());
                event.setString(4, entry.externalId());
                event.setString(5, entry.payload());
                event.setString(6, destinationList(entry.destinations()));
                event.setLong(7, now);
                event.setString(8, entry.traceParent());
                event.addBatch();
            }
            event.executeBatch();
        }
        try (PreparedStatement advance = connection.prepareStatement(
                "UPDATE journal_sequence SET last_seq = ? WHERE id = 1")) {
            advance.setLong(1, seq);
            advance.executeUpdate();
        }
        return outcomes;
    }
}
