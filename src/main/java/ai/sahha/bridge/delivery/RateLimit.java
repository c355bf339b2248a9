package ai.sahha.bridge.delivery;

import java.util.function.LongSupplier;

/**
 * A vendor's documented rate limit for calls whose path starts with {@code pathPrefix}: a per-second and an
 * optional per-minute window (Klaviyo enforces both), as token buckets that start full. The rate adapts: a 429
 * halves it (down to a twentieth), and each second with accepted calls adds a tenth back, up to the limit. With
 * {@code perItem}, a bulk call takes a permit for each delivery it carries.
 */
public class RateLimit {

    private static final double MIN_FACTOR = 0.05;
    private static final double RECOVERY_STEP = 0.1;
    private static final long SECOND = 1_000_000_000L;

    private final String pathPrefix;
    private final double perSecond;
    private final double perMinute;
    private final boolean perItem;
    private final LongSupplier nanoTime;
    private double secondTokens;
    private double minuteTokens;
    private long refilledAt;
    private double factor = 1.0;
    private long recoveredAt;

    /** @param perMinute 0 for none */
    public RateLimit(String pathPrefix, double perSecond, double perMinute, LongSupplier nanoTime) {
        this(pathPrefix, perSecond, perMinute, false, nanoTime);
    }

    public RateLimit(String pathPrefix, double perSecond, double perMinute, boolean perItem, LongSupplier nanoTime) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("a rate limit needs a positive per-second rate");
        }
        this.pathPrefix = pathPrefix == null ? "" : pathPrefix;
        this.perSecond = perSecond;
        this.perMinute = perMinute;
        this.perItem = perItem;
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

    /** The permits a call carrying {@code items} deliveries takes. */
    public int permits(int items) {
        return perItem ? Math.max(1, items) : 1;
    }

    /** Takes one call's permit, or says how many nanoseconds to wait before asking again (then takes nothing). */
    public long tryAcquire() {
        return tryAcquire(1);
    }

    /**
     * Takes {@code permits} at once (a bulk call where the vendor counts what it carries, such as mParticle's
     * batches), at most a full bucket, or says how many nanoseconds to wait before asking again.
     */
    public synchronized long tryAcquire(double permits) {
        refill();
        double second = Math.min(permits, perSecond);
        double minute = Math.min(permits, perMinute);
        if (secondTokens >= second && (perMinute <= 0 || minuteTokens >= minute)) {
            secondTokens -= second;
            if (perMinute > 0) {
                minuteTokens -= minute;
            }
            return 0;
        }
        long wait = secondTokens >= second ? 0 : (long) ((second - secondTokens) / (perSecond * factor) * SECOND);
        if (perMinute > 0 && minuteTokens < minute) {
            wait = Math.max(wait, (long) ((minute - minuteTokens) / (perMinute * factor) * 60 * SECOND));
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
