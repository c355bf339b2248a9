package ai.sahha.bridge.intake;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import ai.sahha.bridge.ExchangeVariables;
import ai.sahha.bridge.journal.Journal;
import ai.sahha.bridge.journal.JournalUnavailableException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Writes a verified, validated webhook to the journal, with a delivery for each destination that takes its event
 * type, and waits for the commit, so that the 2xx that follows means the event is durable. Sets the variable
 * {@code duplicate} when the journal already had these exact bytes, and {@code notKept} (writing nothing) for a
 * record no destination is to get. With tracing on, the webhook's span is journaled with the event
 * ({@code traceParent}: null when off), for the vendor calls that carry it to link to.
 */
public class JournalAppender implements Processor {

    private final Journal journal;
    private final EventRouting routing;
    private final long commitTimeoutMillis;
    private final Supplier<String> traceParent;

    public JournalAppender(Journal journal, EventRouting routing, Duration commitTimeout,
                           Supplier<String> traceParent) {
        this.journal = journal;
        this.routing = routing;
        this.commitTimeoutMillis = commitTimeout.toMillis();
        this.traceParent = traceParent;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        String eventType = exchange.getMessage().getHeader("X-Event-Type", String.class);
        if (!routing.isKept(eventType, exchange.getVariable(ExchangeVariables.RECORD_TYPE, String.class))) {
            exchange.setVariable(ExchangeVariables.NOT_KEPT, true);
            return;
        }
        Journal.Entry entry = new Journal.Entry(
                exchange.getVariable(ExchangeVariables.RECEIPT_KEY, String.class),
                eventType,
                exchange.getVariable(ExchangeVariables.EXTERNAL_ID, String.class),
                exchange.getVariable(ExchangeVariables.PAYLOAD, String.class),
                routing.destinations(eventType),
                traceParent.get());
        try {
            Journal.Outcome outcome = journal.append(entry).get(commitTimeoutMillis, TimeUnit.MILLISECONDS);
            exchange.setVariable(ExchangeVariables.DUPLICATE, outcome == Journal.Outcome.DUPLICATE);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof JournalUnavailableException unavailable
                    ? unavailable : new JournalUnavailableException("the journal failed", e.getCause());
        } catch (TimeoutException e) {
            throw new JournalUnavailableException("the journal did not confirm within " + commitTimeoutMillis + " ms", e);
        }
    }
}
