package ai.sahha.bridge.delivery;

import java.util.function.LongSupplier;

/**
 * A vendor's documented rate limit for calls whose path starts with {@code pathPrefix}: a per-second and an
 * optional per-minute window (Klaviyo enforces both), as token buckets. The per-second bucket holds a quarter
 * second's worth: vendors count in fixed windows, and a full second's burst on top of the steady rate would land
 * in one of them and be answered 429. A call bigger than the bucket goes once it is full and leaves a debt the next
 * call waits out. The rate adapts: a 429 cuts it by 30 % (down to a twentieth), and each second with accepted
 * calls adds a tenth back, up to the limit. With {@code perItem}, a bulk call takes a permit for each delivery it
 * carries.
 */
public class RateLimit {

    private static final double MIN_FACTOR = 0.05;
    private static final double RECOVERY_STEP = 0.1;
    /** gentler than halving: a vendor's fixed windows answer 429 to a call that only just missed its window */
    private static final double DECREASE = 0.7;
    private static final long SECOND = 1_000_000_000L;

    private final String pathPrefix;
    private final double perSecond;
    private final double secondBurst;
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
        this.secondBurst = Math.max(1, perSecond / 4);
        this.secondTokens = secondBurst;
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
        double secondNeeded = Math.min(second, secondBurst);
        double minute = Math.min(permits, perMinute);
        if (secondTokens >= secondNeeded && (perMinute <= 0 || minuteTokens >= minute)) {
            secondTokens -= second;
            if (perMinute > 0) {
                minuteTokens -= minute;
            }
            return 0;
        }
        long wait = secondTokens >= secondNeeded ? 0
                : (long) ((secondNeeded - secondTokens) / (perSecond * factor) * SECOND);
        if (perMinute > 0 && minuteTokens < minute) {
            wait = Math.max(wait, (long) ((minute - minuteTokens) / (perMinute * factor) * 60 * SECOND));
        }
        return Math.max(wait, 1_000_000L);
    }

    /** The vendor answered 429: multiplicative decrease. */
    public synchronized void throttled() {
        refill();
        factor = Math.max(MIN_FACTOR, factor * DECREASE);
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
        secondTokens = Math.min(secondBurst, secondTokens + seconds * perSecond * factor);
        if (perMinute > 0) {
            minuteTokens = Math.min(perMinute, minuteTokens + seconds * perMinute / 60 * factor);
        }
    }
}
