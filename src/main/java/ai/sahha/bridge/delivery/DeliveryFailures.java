package ai.sahha.bridge.delivery;

import java.time.Clock;

import ai.sahha.bridge.journal.DeliveryFailure;
import ai.sahha.bridge.records.UndeliverableEventException;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Classifies delivery exceptions. Connection errors, timeouts, 408, 429 and 5xx are transient and retried; any
 * other vendor status (4xx, unexpected 3xx), a rejection inside a 200 other than throttling, and untranslatable
 * events are permanent and dead-lettered at once.
 */
public class DeliveryFailures {

    private final Clock clock;

    public DeliveryFailures(Clock clock) {
        this.clock = clock;
    }

    /** For the routes' {@code onWhen}: true when retrying cannot help. */
    public boolean isPermanent(Exchange exchange) {
        return describe(caught(exchange)).permanent();
    }

    public DeliveryFailure describe(Throwable failure) {
        if (failure instanceof HttpOperationFailedException http) {
            int status = http.getStatusCode();
            boolean transientStatus = status == 408 || status == 429 || status >= 500;
            String response = http.getResponseBody();
            return new DeliveryFailure(!transientStatus, status, VendorAnswers.errorCode(response),
                    "HTTP " + status + " " + VendorAnswers.excerpt(response),
                    RetryAfter.millis(http.getResponseHeaders(), clock));
        }
        if (failure instanceof VendorRejectedException rejected) {
            return new DeliveryFailure(!rejected.retryable(), rejected.httpStatus(), rejected.code(),
                    rejected.getMessage(), null);
        }
        if (failure instanceof UndeliverableEventException) {
            return new DeliveryFailure(true, null, failure.getMessage(), null);
        }
        return new DeliveryFailure(false, null, failure == null ? "unknown failure" : failure.toString(), null);
    }

    public static Throwable caught(Exchange exchange) {
        Throwable failure = exchange.getException();
        return failure != null ? failure : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
