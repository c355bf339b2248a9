package ai.sahha.bridge.delivery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import ai.sahha.bridge.ExchangeVariables;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;

/**
 * Each destination's rate limits, applied by the routes before every vendor call ({@code acquire}) and told the
 * outcome ({@code accepted}; a 429 reaches {@code throttled} through {@link RetryAfterPolicy}). A destination's
 * wait only holds up its own workers. Counts {@code bridge_vendor_calls_total{destination,outcome}}, the deliveries
 * each accepted call carried as {@code bridge_vendor_call_items}, and shows the adaptive share of each limit as
 * {@code bridge_vendor_rate_factor}.
 */
public class VendorRateLimits {

    private final Map<String, List<RateLimit>> limits;
    private final MeterRegistry meters;

    public VendorRateLimits(Map<String, List<RateLimit>> limits, MeterRegistry meters) {
        this.limits = Map.copyOf(limits);
        this.meters = meters;
        this.limits.forEach((destination, rules) -> rules.forEach(rule -> Gauge.builder("bridge.vendor.rate_factor",
                        rule, RateLimit::factor).tag("destination", destination).tag("path", rule.pathPrefix())
                .description("share of the configured rate limit in use after 429s").register(meters)));
        // registered at start, so that a throttling alert has a series to compare with before the first 429
        this.limits.keySet().forEach(destination -> List.of("accepted", "throttled").forEach(outcome ->
                meters.counter("bridge.vendor.calls", "destination", destination, "outcome", outcome)));
    }

    /** The share of its documented rate the destination may use now: the lowest of its limits' (1 without any). */
    public double share(String destination) {
        return limits.getOrDefault(destination, List.of()).stream().mapToDouble(RateLimit::factor).min().orElse(1);
    }

    /** Blocks until every limit covering the prepared call allows it. */
    public void acquire(Exchange exchange) {
        String path = exchange.getVariable(ExchangeVariables.VENDOR_PATH, String.class);
        int items = exchange.getVariable(ExchangeVariables.CALL_ITEMS, 1, Integer.class);
        for (RateLimit rule : rules(exchange)) {
            if (rule.covers(path)) {
                int permits = rule.permits(items);
                for (long wait = rule.tryAcquire(permits); wait > 0; wait = rule.tryAcquire(permits)) {
                    LockSupport.parkNanos(wait);
                }
            }
        }
    }

    /** After a vendor call that succeeded. */
    public void accepted(Exchange exchange) {
        String path = exchange.getVariable(ExchangeVariables.VENDOR_PATH, String.class);
        rules(exchange).stream().filter(rule -> rule.covers(path)).forEach(RateLimit::accepted);
        count(exchange, "accepted");
        meters.summary("bridge.vendor.call.items", "destination", DeliveryDestinations.destination(exchange))
                .record(exchange.getVariable(ExchangeVariables.CALL_ITEMS, 1, Integer.class));
    }

    /** After a 429 from the vendor. */
    public void throttled(Exchange exchange) {
        String path = exchange.getVariable(ExchangeVariables.VENDOR_PATH, String.class);
        rules(exchange).stream().filter(rule -> rule.covers(path)).forEach(RateLimit::throttled);
        count(exchange, "throttled");
    }

    private List<RateLimit> rules(Exchange exchange) {
        return limits.getOrDefault(DeliveryDestinations.destination(exchange), List.of());
    }

    private void count(Exchange exchange, String outcome) {
        meters.counter("bridge.vendor.calls", "destination", DeliveryDestinations.destination(exchange), "outcome", outcome).increment();
    }
}
