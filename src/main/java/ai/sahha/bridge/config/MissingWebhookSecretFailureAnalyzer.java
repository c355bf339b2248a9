package ai.sahha.bridge.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing webhook secret into Spring Boot's short start-up failure report instead of a stack trace. */
public class MissingWebhookSecretFailureAnalyzer extends AbstractFailureAnalyzer<MissingWebhookSecretException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingWebhookSecretException cause) {
        return new FailureAnalysis(
                "SAHHA_WEBHOOK_SECRET is not set, so no Sahha webhook could be verified; the bridge did not start.",
                "Set SAHHA_WEBHOOK_SECRET (in the environment or in ./.env) to the secret shown in Sahha's dashboard"
                        + " under Webhooks.",
                cause);
    }
}
