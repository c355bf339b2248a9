package ai.sahha.bridge.backfill;

/** The Sahha API could not answer a request, even after retries; the message says what and why (never secrets). */
public class SahhaApiException extends RuntimeException {

    public SahhaApiException(String message) {
        super(message);
    }

    public SahhaApiException(String message, Throwable cause) {
        super(message, cause);
    }
}
