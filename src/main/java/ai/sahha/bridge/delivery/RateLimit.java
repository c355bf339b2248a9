package ai.sahha.bridge.delivery;

import java.util.function.LongSupplier;

/**
 * A vendor's documented rate limit for calls whose path starts with {@code pathPrefix}: a per-second and an
 * optional per-minute window (Klaviyo enforces both), as token buckets that start full. The rate adapts: a 429
 * halves it (down to a twentieth), and each second with accepted calls adds a tenth back, up to the limit.
 */
public class RateLimit {

    private static final double MIN_FACTOR = 0.05;
    private static final double RECOVERY_STEP = 0.1;
    private static final long SECOND = 1_000_000_000L;

    private final String pathPrefix;
    private final double perSecond;
    private final double perMinute;
    private final LongSupplier nanoTime;
    private double secondTokens;
    private double minuteTokens;
    private long refilledAt;
    private double factor = 1.0;
    private long recoveredAt;

    /** @param perMinute 0 for none */
    public RateLimit(String pathPrefix, double perSecond, double perMinute, LongSupplier nanoTime) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("a rate limit needs a positive per-second rate");
        }
        this.pathPrefix = pathPrefix == null ? "" : pathPrefix;
        this.perSecond = perSecond;
        this.perMinute = perMinute;
        this.nanoTime = nanoTime;
        this.secondTokens = perSecond;
        this.minuteTokens = perMinute;
        this.refilledAt = nanoTime.getAsLong();
        this.recoveredAt = refilledAt;
    }

    public boolean covers(String path) {
        return path != null && path.startsWith(pathPrefix);
    }

    public String pathPrefix() {
        return pathPrefix;
    }

    /** Takes one call's permit, or says how many nanoseconds to wait before asking again (then takes nothing). */
    public synchronized long tryAcquire() {
        refill();
        if (secondTokens >= 1 && (perMinute <= 0 || minuteTokens >= 1)) {
            secondTokens--;
            if (perMinute > 0) {
                minuteTokens--;
            }
            return 0;
        }
        long wait = secondTokens >= 1 ? 0 : (long) ((1 - secondTokens) / (perSecond * factor) * SECOND);
        if (perMinute > 0 && minuteTokens < 1) {
            wait = Math.max(wait, (long) ((1 - minuteTokens) / (perMinute * factor) * 60 * SECOND));
        }
        return Math.max(wait, 1_000_000L);
    }

    /** The vendor answered 429: multiplicative decrease. */
    public synchronized void throttled() {
        refill();
        factor = Math.max(MIN_FACTOR, factor / 2);
        secondTokens = Math.min(secondTokens, 0);
        recoveredAt = nanoTime.getAsLong();
    }

    /** The vendor accepted a call: additive increase, at most once a second. */
    public synchronized void accepted() {
        long now = nanoTime.getAsLong();
        if (factor < 1 && now - recoveredAt >= SECOND) {
            factor = Math.min(1, factor + RECOVERY_STEP);
            recoveredAt = now;
        }
    }

    /** The share of the documented rate in use now, 0.05 to 1. */
    public synchronized double factor() {
        return factor;
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        double seconds = (now - refilledAt) / (double) SECOND;
        refilledAt = now;
        secondTokens = Math.min(perSecond, secondTokens + seconds * perSecond * factor);
        if (perMinute > 0) {
            minuteTokens = Math.min(perMinute, minuteTokens + seconds * perMinute / 60 * factor);
        }
    }
}
