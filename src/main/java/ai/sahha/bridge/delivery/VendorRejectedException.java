package ai.sahha.bridge.delivery;

/**
 * A vendor answered with a success status but said in the body that it did not take the request (Iterable's
 * {@code code}). Transient when the vendor says it is throttling, permanent otherwise.
 */
public class VendorRejectedException extends RuntimeException {

    private final int httpStatus;
    private final boolean retryable;

    public VendorRejectedException(int httpStatus, String detail, boolean retryable) {
        super(detail);
        this.httpStatus = httpStatus;
        this.retryable = retryable;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public boolean retryable() {
        return retryable;
    }
}
