package ai.sahha.bridge.config;

import java.time.Clock;
import java.time.Duration;
import java.util.function.DoubleSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gauge's reading of the database, taken at most once per {@code every}: several Prometheus servers scraping
 * every few seconds then do not count the journal each time. A reading that fails (the database is away) is NaN,
 * and the first failure of a run of them is logged.
 */
final class CachedReading {

    private static final Logger LOG = LoggerFactory.getLogger(CachedReading.class);
    static final Duration EVERY = Duration.ofSeconds(15);

    private final String name;
    private final Clock clock;
    private final DoubleSupplier reading;
    private boolean read;
    private boolean failing;
    private long readAt;
    private double value = Double.NaN;

    CachedReading(String name, Clock clock, DoubleSupplier read) {
        this.name = name;
        this.clock = clock;
        this.reading = read;
    }

    synchronized double value() {
        long now = clock.millis();
        if (!read || now - readAt >= EVERY.toMillis()) {
            read = true;
            readAt = now;
            try {
                value = reading.getAsDouble();
                failing = false;
            } catch (RuntimeException unavailable) {
                if (!failing) {
                    LOG.warn("Gauge {} could not be read: {}", name, unavailable.toString());
                }
                failing = true;
                value = Double.NaN;
            }
        }
        return value;
    }
}
