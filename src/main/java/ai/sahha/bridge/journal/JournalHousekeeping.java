package ai.sahha.bridge.journal;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the housekeeping route runs: bounded dedupe memory and a journal whose every table is bounded by a
 * retention. Counts what it forgot in {@code bridge_journal_purged_total}, by kind.
 */
public class JournalHousekeeping {

    /**
     * @param dedupeWindow        receipts, so that an exact redelivery is answered "duplicate"
     * @param delivered           events and deliveries once delivered
     * @param setAside            dead letters and parked deliveries not replayed or unparked by then
     * @param deliveredAttributes what each destination was last sent per person and attribute (change-only, order)
     */
    public record Retention(Duration dedupeWindow, Duration delivered, Duration setAside,
                            Duration deliveredAttributes) {
    }

    private final DeliveryStore store;
    private final DeliveredAttributes attributes;
    private final Retention retention;
    private final Clock clock;
    private final MeterRegistry meters;

    public JournalHousekeeping(DeliveryStore store, DeliveredAttributes attributes, Retention retention, Clock clock,
                               MeterRegistry meters) {
        this.store = store;
        this.attributes = attributes;
        this.retention = retention;
        this.clock = clock;
        this.meters = meters;
    }

    public DeliveryStore.Purged purgeExpired() {
        DeliveryStore.Purged purged = store.purge(retention.dedupeWindow(), retention.delivered(),
                retention.setAside());
        int forgotten = attributes.forgetOlderThan(clock.millis() - retention.deliveredAttributes().toMillis());
        count("receipts", purged.receipts());
        count("delivered", purged.delivered());
        count("dead_letters", purged.deadLetters());
        count("parked", purged.parked());
        count("events", purged.events());
        count("delivered_attributes", forgotten);
        return purged;
    }

    private void count(String what, int rows) {
        meters.counter("bridge.journal.purged", "what", what).increment(rows);
    }
}
