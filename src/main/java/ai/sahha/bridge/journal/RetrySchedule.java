package ai.sahha.bridge.journal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a failed delivery again once the in-process retries are used up: exponential from {@code initial}
 * (doubling per round, ±20 % jitter) up to {@code maximum}, never sooner than a vendor's Retry-After, and not
 * past {@code horizon} after the first failure, when the delivery becomes a dead letter.
 */
public record RetrySchedule(Duration initial, Duration maximum, Duration horizon) {

    /** The delay before round {@code attempt} (1 for the first reschedule). */
    public long delayMillis(int attempt, Long retryAfterMillis) {
        double base = initial.toMillis() * Math.pow(2, Math.min(attempt - 1, 30));
        double jittered = Math.min(base, maximum.toMillis()) * ThreadLocalRandom.current().nextDouble(0.8, 1.2);
        long delay = (long) Math.min(jittered, maximum.toMillis());
        return retryAfterMillis == null ? delay : Math.max(delay, Math.min(retryAfterMillis, maximum.toMillis()));
    }
}
