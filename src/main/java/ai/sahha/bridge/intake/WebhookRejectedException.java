package ai.sahha.bridge.intake;

/** A webhook we refuse: the HTTP status and a message that is safe to return and to log (no payload data). */
public class WebhookRejectedException extends RuntimeException {

    private final int status;

    public WebhookRejectedException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int getStatus() {
        return status;
    }
}
