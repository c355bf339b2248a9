package ai.sahha.bridge.journal;

/**
 * One event to deliver to one destination, as claimed from the journal; {@code receivedAt} is when it was accepted.
 * A first attempt comes straight from a claimed range of the journal ({@code range}: where that range starts) and has
 * no delivery row yet ({@code id} null); a retry, a replay or a parked delivery put back has its row's {@code id}.
 * {@code traceParent} is the webhook's span when tracing was on and sampled it, else null.
 */
public record DeliveryJob(Long id, Long range, String destination, String eventId, String eventType,
                          String externalId, String payload, int attempts, Long firstFailureAt, long receivedAt,
                          String traceParent) {
}
