package ai.sahha.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimitTest {

    private static final long MS = 1_000_000L;

    private long now;

    @Test
    void aFullBurstIsAllowedThenCallsAreSpacedAtTheRate() {
        RateLimit limit = new RateLimit("", 10, 0, () -> now);
        for (int i = 0; i < 10; i++) {
            assertThat(limit.tryAcquire()).isZero();
        }
        long wait = limit.tryAcquire();
        assertThat(wait).isBetween(90 * MS, 110 * MS);
        now += wait;
        assertThat(limit.tryAcquire()).isZero();
    }

    @Test
    void aVendorThatCountsBatchesTakesAPermitForEachBatchInABulkCall() {
        RateLimit mparticle = new RateLimit("", 270, 0, true, () -> now);
        assertThat(mparticle.permits(100)).isEqualTo(100);
        assertThat(mparticle.tryAcquire(mparticle.permits(100))).isZero();
        assertThat(mparticle.tryAcquire(mparticle.permits(100))).isZero();
        long wait = mparticle.tryAcquire(mparticle.permits(100)); // 70 left of 270: 30 more take 1/9 s
        assertThat(wait).isBetween(100 * MS, 125 * MS);
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
    void a429HalvesTheRateAndAcceptedCallsBringItBackStepByStep() {
        RateLimit limit = new RateLimit("", 100, 0, () -> now);
        limit.throttled();
        assertThat(limit.factor()).isEqualTo(0.5);
        limit.throttled();
        assertThat(limit.factor()).isEqualTo(0.25);
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
        assertThat(limit.tryAcquire()).isBetween(190 * MS, 210 * MS); // 5 a second now, and no burst left
    }
}
