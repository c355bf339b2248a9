package ai.sahha.bridge.journal;

/**
 * Why a delivery attempt failed. {@code permanent} failures (a vendor's 4xx other than 408/429, an event that
 * cannot be translated) go to the dead letters at once; others are retried later, no sooner than
 * {@code retryAfterMillis} when the vendor asked for that. {@code errorCode} is the vendor's own code for it, when
 * its answer names one; {@code detail} quotes at most an excerpt of the answer, with personal data masked.
 */
public record DeliveryFailure(boolean permanent, Integer httpStatus, String errorCode, String detail,
                              Long retryAfterMillis) {

    public DeliveryFailure(boolean permanent, Integer httpStatus, String detail, Long retryAfterMillis) {
        this(permanent, httpStatus, null, detail, retryAfterMillis);
    }
}
