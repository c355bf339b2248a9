package ai.sahha.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import ai.sahha.bridge.support.MovableClock;
import org.junit.jupiter.api.Test;

/** Delivery steps aside while webhooks queue for the journal, never for longer than the pause allows. */
class IntakePriorityTest {

    private long written;
    private long commits;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T12:00:00Z"));
    private final IntakePriority priority =
            new IntakePriority(() -> written, () -> commits, 8, Duration.ofMinutes(5), clock);

    @Test
    void deliveryGoesOnWhileIntakeKeepsUpAndPausesWhileWebhooksQueue() {
        second(300, 290); // steady traffic: about one webhook per commit
        assertThat(priority.deliveryWaits()).isFalse();

        second(3000, 100); // a burst: 30 per commit
        assertThat(priority.deliveryWaits()).isTrue();
        clock.now = clock.now.plusMillis(500); // within the same sample
        assertThat(priority.deliveryWaits()).isTrue();

        second(200, 200);
        assertThat(priority.deliveryWaits()).isFalse();
    }

    @Test
    void aBurstLongerThanThePauseHasDeliveryRunAlongside() {
        second(3000, 100);
        assertThat(priority.deliveryWaits()).isTrue();
        for (int i = 0; i < 299; i++) {
            second(3000, 100);
            assertThat(priority.deliveryWaits()).isTrue();
        }
        second(3000, 100); // five minutes after the pause began
        assertThat(priority.deliveryWaits()).isFalse();

        second(100, 100);
        assertThat(priority.deliveryWaits()).isFalse();
        second(3000, 100); // the next burst pauses again
        assertThat(priority.deliveryWaits()).isTrue();
    }

    private void second(int webhooks, int commitsInIt) {
        written += webhooks;
        commits += commitsInIt;
        clock.now = clock.now.plusSeconds(1);
    }
}
