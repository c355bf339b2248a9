package ai.sahha.bridge.config;

/** The bridge cannot verify any webhook without {@code SAHHA_WEBHOOK_SECRET}; it refuses to start. */
public class MissingWebhookSecretException extends RuntimeException {

    public MissingWebhookSecretException() {
        super("SAHHA_WEBHOOK_SECRET is not set");
    }
}
