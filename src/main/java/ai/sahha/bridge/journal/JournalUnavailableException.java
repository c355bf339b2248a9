package ai.sahha.bridge.journal;

/** The journal could not durably take an event; the webhook must be answered 503 so that Sahha retries it. */
public class JournalUnavailableException extends RuntimeException {

    public JournalUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
