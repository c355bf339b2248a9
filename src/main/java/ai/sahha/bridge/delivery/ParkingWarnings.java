package ai.sahha.bridge.delivery;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import ai.sahha.bridge.identity.IdentityStrategy;
import ai.sahha.bridge.journal.DeliveryStore;

/**
 * Says when a destination's identity strategy cannot work for most people, instead of letting it park their
 * deliveries silently: an externalId taken for an email address or phone number (Sahha's externalId is meant to be
 * an opaque id, not personal data), or a lookup table with nothing in it. Shown at start-up, in the health detail
 * {@code identity} and on the console, with each destination's count of parked deliveries.
 */
public class ParkingWarnings {

    private static final long COUNT_TTL_MILLIS = 30_000;

    private final Map<String, IdentityStrategy> strategies;
    private final DeliveryStore store;
    private final LongSupplier mappings;
    private final Clock clock;
    private final Map<String, long[]> parked = new LinkedHashMap<>();

    /**
     * @param strategies each enabled destination's identity strategy
     * @param mappings   how many people the identity table maps
     */
    public ParkingWarnings(Map<String, IdentityStrategy> strategies, DeliveryStore store, LongSupplier mappings,
                           Clock clock) {
        this.strategies = Map.copyOf(strategies);
        this.store = store;
        this.mappings = mappings;
        this.clock = clock;
    }

    /** What is wrong with a destination's identity strategy, if anything. */
    public Optional<String> warning(String destination) {
        IdentityStrategy strategy = strategies.get(destination);
        String setting = "bridge.destinations." + destination + ".identity.strategy";
        if (strategy == IdentityStrategy.EXTERNAL_ID_IS_EMAIL || strategy == IdentityStrategy.EXTERNAL_ID_IS_PHONE) {
            String contact = strategy == IdentityStrategy.EXTERNAL_ID_IS_EMAIL ? "an email address" : "a phone number";
            return Optional.of(destination + " takes Sahha's externalId for " + contact + " (" + setting + ": "
                    + name(strategy) + "). Sahha's externalId is usually an opaque id, so the deliveries of everyone"
                    + " whose externalId is not " + contact + " are parked. If that is most people, map them"
                    + " (lookup-table or lookup-sql) or set external-id.");
        }
        if (strategy == IdentityStrategy.LOOKUP_TABLE && mappings.getAsLong() == 0) {
            return Optional.of(destination + " looks people up in the identity table (" + setting
                    + ": lookup-table), which is empty: every delivery is parked until mappings are imported"
                    + " (POST /actuator/identities or the import-identities command).");
        }
        return Optional.empty();
    }

    /** Each enabled destination's strategy, parked count and warning, for the health endpoint. */
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        for (Map.Entry<String, IdentityStrategy> destination : new TreeMap<>(strategies).entrySet()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("strategy", name(destination.getValue()));
            detail.put("parked", parked(destination.getKey()));
            warning(destination.getKey()).ifPresent(warning -> detail.put("warning", warning));
            details.put(destination.getKey(), detail);
        }
        return details;
    }

    /** The destination's parked deliveries, counted at most every 30 s. */
    public synchronized long parked(String destination) {
        long now = clock.millis();
        long[] counted = parked.get(destination);
        if (counted == null || now - counted[1] > COUNT_TTL_MILLIS) {
            counted = new long[] {store.parkedCount(destination), now};
            parked.put(destination, counted);
        }
        return counted[0];
    }

    private static String name(IdentityStrategy strategy) {
        return strategy.name().toLowerCase().replace('_', '-');
    }
}
