package ai.sahha.bridge.journal;

import java.time.Instant;

/** A delivery that was given up on, as the admin API lists it. */
public record DeadLetter(long id, String destination, String eventId, String eventType, String personTag,
                         int attempts, Integer lastHttpStatus, String lastError, Instant receivedAt, Instant failedAt) {
}
