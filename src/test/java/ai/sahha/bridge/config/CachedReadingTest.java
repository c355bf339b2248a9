package ai.sahha.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class CachedReadingTest {

    @Test
    void theFirstScrapeReadsAndLaterOnesWithinTheAgeReuseTheReading() {
        AtomicInteger reads = new AtomicInteger();
        MovableClock clock = new MovableClock(1_700_000_000_000L);
        CachedReading reading = new CachedReading("test", clock, reads::incrementAndGet);

        assertThat(reading.value()).isEqualTo(1);
        clock.millis += CachedReading.EVERY.toMillis() - 1;
        assertThat(reading.value()).as("within the bounded age").isEqualTo(1);
        clock.millis += 1;
        assertThat(reading.value()).as("read again once that age is reached").isEqualTo(2);
    }

    @Test
    void aFailedReadingIsNotANumberAndTheNextScrapeAfterTheAgeTriesAgain() {
        AtomicInteger reads = new AtomicInteger();
        MovableClock clock = new MovableClock(0);
        CachedReading reading = new CachedReading("test", clock, () -> {
            if (reads.incrementAndGet() == 1) {
                throw new IllegalStateException("database away");
            }
            return 7;
        });

        assertThat(reading.value()).isNaN();
        clock.millis += CachedReading.EVERY.toMillis();
        assertThat(reading.value()).isEqualTo(7);
    }

    private static final class MovableClock extends Clock {
        long millis;

        MovableClock(long millis) {
            this.millis = millis;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
