package ai.sahha.bridge.journal;

import java.time.Instant;

/**
 * A delivery that was given up on (or parked), as the admin API lists it: the person as their tag, the vendor's last
 * status, its error code and a masked excerpt of its answer.
 */
public record DeadLetter(long id, String destination, String eventId, String eventType, String personTag,
                         int attempts, Integer lastHttpStatus, String lastErrorCode, String lastError,
                         Instant receivedAt, Instant failedAt) {
}
