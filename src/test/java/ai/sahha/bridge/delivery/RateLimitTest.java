package ai.sahha.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateLimitTest {

    private static final long MS = 1_000_000L;

    private long now;

    @Test
    void aQuarterSecondsBurstIsAllowedThenCallsAreSpacedAtTheRate() {
        RateLimit limit = new RateLimit("", 10, 0, () -> now);
        assertThat(limit.tryAcquire()).isZero();
        assertThat(limit.tryAcquire()).isZero();
        long wait = limit.tryAcquire(); // 2.5 in the bucket, 0.5 left
        assertThat(wait).isBetween(45 * MS, 55 * MS);
        now += wait;
        assertThat(limit.tryAcquire()).isZero();
        assertThat(limit.tryAcquire()).isBetween(90 * MS, 110 * MS);
    }

    @Test
    void aVendorThatCountsBatchesTakesAPermitForEachBatchInABulkCall() {
        RateLimit mparticle = new RateLimit("", 270, 0, true, () -> now);
        assertThat(mparticle.permits(100)).isEqualTo(100);
        assertThat(mparticle.tryAcquire(mparticle.permits(100))).isZero(); // a full bucket (67.5) lets it go
        long wait = mparticle.tryAcquire(mparticle.permits(100)); // 32.5 owed, then 67.5 again: 100/270 s
        assertThat(wait).isBetween(360 * MS, 380 * MS);
        assertThat(new RateLimit("", 5, 0, () -> now).permits(1000)).isEqualTo(1); // Iterable counts calls
    }

    @Test
    void thePerMinuteWindowHoldsEvenWhenThePerSecondOneWouldAllow() {
        RateLimit klaviyo = new RateLimit("/api/profile-import", 75, 750, () -> now);
        int taken = 0;
        for (int second = 0; second < 60; second++) {
            for (int call = 0; call < 75 && klaviyo.tryAcquire() == 0; call++) {
                taken++;
            }
            now += 1000 * MS;
        }
        assertThat(taken).isBetween(750, 750 + 750); // the burst, then 12.5 a second, not 75
        assertThat(klaviyo.covers("/api/profile-import")).isTrue();
        assertThat(klaviyo.covers("/api/events")).isFalse();
    }

    @Test
    void a429CutsTheRateAndAcceptedCallsBringItBackStepByStep() {
        RateLimit limit = new RateLimit("", 100, 0, () -> now);
        limit.throttled();
        assertThat(limit.factor()).isCloseTo(0.7, within(1e-9));
        limit.throttled();
        assertThat(limit.factor()).isCloseTo(0.49, within(1e-9));
        for (int i = 0; i < 10; i++) {
            limit.throttled();
        }
        assertThat(limit.factor()).isEqualTo(0.05);

        limit.accepted(); // within a second of the last 429: no change yet
        assertThat(limit.factor()).isEqualTo(0.05);
        for (int second = 0; second < 20; second++) {
            now += 1000 * MS;
            limit.accepted();
            limit.accepted();
        }
        assertThat(limit.factor()).isEqualTo(1.0);
    }

    @Test
    void aThrottledLimitWaitsLonger() {
        RateLimit limit = new RateLimit("", 10, 0, () -> now);
        limit.throttled();
        assertThat(limit.tryAcquire()).isBetween(135 * MS, 150 * MS); // 7 a second now, and no burst left
    }
}
