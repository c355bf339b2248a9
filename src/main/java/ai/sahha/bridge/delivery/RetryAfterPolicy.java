package ai.sahha.bridge.delivery;

import java.time.Duration;

import ai.sahha.bridge.journal.DeliveryFailure;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs on every failed delivery attempt, before Camel decides on an in-process redelivery. When the vendor sent
 * {@code Retry-After}, the next attempt waits that long; when it asks for longer than {@code maxInProcessWait}, the
 * in-process retries stop and the work is rescheduled in the journal instead, so no thread or lease waits for it.
 * A 429 also slows the destination's rate limit down. Counts {@code bridge_delivery_failed_attempts_total} and logs
 * the attempt, with the delivery id only.
 */
public class RetryAfterPolicy implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RetryAfterPolicy.class);

    private final DeliveryFailures failures;
    private final VendorRateLimits rateLimits;
    private final MeterRegistry meters;
    private final long maxInProcessWaitMillis;

    public RetryAfterPolicy(DeliveryFailures failures, VendorRateLimits rateLimits, MeterRegistry meters,
                            Duration maxInProcessWait) {
        this.failures = failures;
        this.rateLimits = rateLimits;
        this.meters = meters;
        this.maxInProcessWaitMillis = maxInProcessWait.toMillis();
    }

    @Override
    public void process(Exchange exchange) {
        DeliveryFailure failure = failures.describe(DeliveryFailures.caught(exchange));
        String destination = DeliveryDestinations.destination(exchange);
        LOG.debug("A call to {} failed an attempt: {}", destination,
                failure.httpStatus() == null ? "no response" : failure.httpStatus());
        meters.counter("bridge.delivery.failed_attempts", "destination", destination).increment();
        Throwable caught = DeliveryFailures.caught(exchange);
        if (Integer.valueOf(429).equals(failure.httpStatus())
                || caught instanceof VendorRejectedException rejected && rejected.retryable()) {
            rateLimits.throttled(exchange);
        }
        Long retryAfter = failure.retryAfterMillis();
        if (failure.permanent() || retryAfter == null) {
            return;
        }
        if (retryAfter > maxInProcessWaitMillis) {
            exchange.getExchangeExtension().setRedeliveryExhausted(true);
        } else {
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, retryAfter);
        }
    }
}
