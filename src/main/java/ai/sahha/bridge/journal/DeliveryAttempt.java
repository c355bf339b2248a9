package ai.sahha.bridge.journal;

import java.time.Instant;

/**
 * One attempt of a delivery that did not go through at once: {@code outcome} is {@code rescheduled} (then
 * {@code nextAttemptAt} says when), {@code dead_letter} or {@code delivered}; the vendor's status, its error code and
 * a masked excerpt of its answer, as the delivery row keeps them.
 */
public record DeliveryAttempt(long deliveryId, Instant attemptedAt, String outcome, Integer httpStatus,
                              String errorCode, String detail, Instant nextAttemptAt) {
}
