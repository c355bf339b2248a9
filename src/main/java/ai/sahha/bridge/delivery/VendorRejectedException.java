package ai.sahha.bridge.delivery;

/**
 * A vendor answered with a success status but said in the body that it did not take the request (Iterable's
 * {@code code}). Transient when the vendor says it is throttling, permanent otherwise.
 */
public class VendorRejectedException extends RuntimeException {

    private final int httpStatus;
    private final String code;
    private final boolean retryable;

    /** @param detail what to keep of the answer: no more than {@link VendorAnswers#excerpt} of it */
    public VendorRejectedException(int httpStatus, String code, String detail, boolean retryable) {
        super(detail);
        this.httpStatus = httpStatus;
        this.code = code;
        this.retryable = retryable;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The vendor's own code for the refusal, or null. */
    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}
