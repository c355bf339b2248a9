package ai.sahha.bridge.journal;

/**
 * Why a delivery attempt failed. {@code permanent} failures (a vendor's 4xx other than 408/429, an event that
 * cannot be translated) go to the dead letters at once; others are retried later, no sooner than
 * {@code retryAfterMillis} when the vendor asked for that.
 */
public record DeliveryFailure(boolean permanent, Integer httpStatus, String detail, Long retryAfterMillis) {
}
