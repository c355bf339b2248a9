package ai.sahha.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import ai.sahha.bridge.backfill.BackfillService;
import org.junit.jupiter.api.Test;

class ReconciliationScheduleTest {

    @Test
    void runsOnItsCronAndNotAtAllWithoutOne() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        BackfillService backfill = new BackfillService(() -> {
            runs.incrementAndGet();
            throw new ai.sahha.bridge.backfill.SahhaApiException("no Sahha API in this test");
        }, null, Clock.systemUTC());

        try (ReconciliationSchedule off = new ReconciliationSchedule("", Duration.ofDays(35), backfill)) {
            Thread.sleep(1500);
            assertThat(runs).hasValue(0);
        }
        try (ReconciliationSchedule everySecond = new ReconciliationSchedule("* * * * * *", Duration.ofDays(35),
                backfill)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 2);
        }
    }
}
