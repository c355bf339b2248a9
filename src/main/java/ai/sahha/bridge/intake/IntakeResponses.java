package ai.sahha.bridge.intake;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import ai.sahha.bridge.ExchangeVariables;
import ai.sahha.bridge.PersonTags;
import ai.sahha.bridge.journal.JournalUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every answer the webhook endpoint gives, in one place: status, JSON body, a count per outcome in
 * {@code bridge_webhooks_total} and the time from the request reaching the route to its answer in
 * {@code bridge_webhook_ack_seconds} (a histogram per outcome, for ACK latency percentiles). Request headers are dropped first so that nothing Sahha sent (its signature, the
 * person's id) is echoed back as a response header.
 */
public class IntakeResponses {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeResponses.class);
    private static final List<String> OUTCOMES = List.of("accepted", "duplicate", "stale", "ignored",
            "not_forwarded", "suppressed", "invalid", "unauthorized", "unavailable", "error");

    private record OutcomeMeters(Counter count, Timer ack) {
    }

    private final MeterRegistry meters;
    private final PersonTags tags;
    private final Map<String, OutcomeMeters> byOutcome = new ConcurrentHashMap<>();

    public IntakeResponses(MeterRegistry meters, PersonTags tags) {
        this.meters = meters;
        this.tags = tags;
        // registered at start, so that dashboards and alerts find every outcome (at zero) before it happens
        for (String outcome : OUTCOMES) {
            meters(outcome);
        }
    }

    /**
     * After the journal step: accepted, a duplicate the journal already held (from another replica or run), or a
     * record no destination is to get (acknowledged so that Sahha does not retry it, and counted).
     */
    public void journaled(Exchange exchange) {
        if (Boolean.TRUE.equals(exchange.getVariable(ExchangeVariables.DUPLICATE, Boolean.class))) {
            duplicate(exchange);
        } else if (Boolean.TRUE.equals(exchange.getVariable(ExchangeVariables.NOT_KEPT, Boolean.class))) {
            respond(exchange, 200, "not_forwarded", "{\"received\":true}");
        } else {
            respond(exchange, 200, "accepted", "{\"received\":true}");
        }
    }

    /** A record older than the replay window: a replay of a captured webhook, or too late to matter. */
    public void stale(Exchange exchange) {
        respond(exchange, 200, "stale", "{\"received\":true,\"stale\":true}");
    }

    /** A person an operator has forgotten: acknowledged as any other (so Sahha does not retry), never journaled. */
    public void suppressed(Exchange exchange) {
        respond(exchange, 200, "suppressed", "{\"received\":true}");
    }

    public void duplicate(Exchange exchange) {
        respond(exchange, 200, "duplicate", "{\"received\":true,\"duplicate\":true}");
    }

    public void ignored(Exchange exchange) {
        String eventType = exchange.getMessage().getHeader("X-Event-Type", String.class);
        LOG.info("Ignored webhook of unhandled event type '{}' (person {})", printable(eventType),
                tags.tag(exchange.getMessage().getHeader("X-External-Id", String.class)));
        respond(exchange, 200, "ignored", "{\"received\":true,\"ignored\":true}");
    }

    /** For the route's error handler: maps the caught exception to 400/401, 503 or 500. */
    public void failed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String person = tags.tag(exchange.getMessage().getHeader("X-External-Id", String.class));
        if (cause instanceof WebhookRejectedException rejected) {
            LOG.warn("Rejected webhook with {}: {} (person {})", rejected.getStatus(), rejected.getMessage(), person);
            respond(exchange, rejected.getStatus(), rejected.getStatus() == 401 ? "unauthorized" : "invalid",
                    error(rejected.getMessage()));
        } else if (cause instanceof JournalUnavailableException unavailable) {
            LOG.warn("Answered 503, webhook not journaled: {} (person {})", unavailable.getMessage(), person);
            respond(exchange, 503, "unavailable", error("temporarily unable to store the event, retry later"));
            exchange.getMessage().setHeader("Retry-After", "5");
        } else {
            // the exception's text could quote the payload: log its type, and the whole of it only at debug
            LOG.error("Answered 500 for a webhook (person {}): {}", person,
                    cause == null ? "unknown" : cause.getClass().getName());
            LOG.debug("Cause of the 500", cause);
            respond(exchange, 500, "error", error("internal error"));
        }
    }

    /** For GET/HEAD probes of the webhook path and /health. */
    public void up(Exchange exchange) {
        write(exchange, 200, "{\"status\":\"UP\"}");
    }

    private OutcomeMeters meters(String outcome) {
        return byOutcome.computeIfAbsent(outcome, name -> new OutcomeMeters(
                meters.counter("bridge.webhooks", "outcome", name),
                Timer.builder("bridge.webhook.ack").tag("outcome", name).publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                        .register(meters)));
    }

    private void respond(Exchange exchange, int status, String outcome, String json) {
        OutcomeMeters counted = meters(outcome);
        counted.count().increment();
        counted.ack().record(exchange.getClock().elapsed(), TimeUnit.MILLISECONDS);
        write(exchange, status, json);
    }

    private static void write(Exchange exchange, int status, String json) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(json);
    }

    static String error(String message) {
        return "{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    /** Event types are free text from the request: log at most 80 safe characters of one. */
    private static String printable(String value) {
        String cut = value.length() > 80 ? value.substring(0, 80) : value;
        return cut.replaceAll("[^A-Za-z0-9_.:-]", "?");
    }
}
