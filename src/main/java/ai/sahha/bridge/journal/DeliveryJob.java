package ai.sahha.bridge.journal;

/** One event to deliver to one destination, as claimed from the journal; {@code receivedAt} is when it was accepted. */
public record DeliveryJob(long id, String destination, String eventId, String eventType, String externalId,
                          String payload, int attempts, Long firstFailureAt, long receivedAt) {
}
