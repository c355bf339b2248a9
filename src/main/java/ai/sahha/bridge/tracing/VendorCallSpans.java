package ai.sahha.bridge.tracing;

import java.util.List;
import java.util.Objects;

import ai.sahha.bridge.ExchangeVariables;
import ai.sahha.bridge.delivery.BulkCall;
import ai.sahha.bridge.journal.DeliveryJob;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * One span per vendor call (the delivery routes' {@code http} and {@code bulk-http} steps), linked to the span of
 * each webhook whose event the call carries, so that a trace search from either side finds the other. Tagged with the
 * destination, method, answer status and number of deliveries; never the path, which at some vendors names the person. A bulk call
 * links its first {@code management.opentelemetry.tracing.limits.max-links} events (128 by default). Registered only
 * when tracing is on: when it is off, Camel does not even raise the events this listens to.
 */
public final class VendorCallSpans extends EventNotifierSupport {

    private static final String SPAN = VendorCallSpans.class.getName();

    private final Tracer tracer;
    private final TraceParents traceParents;

    public VendorCallSpans(Tracer tracer) {
        this.tracer = tracer;
        this.traceParents = new TraceParents(tracer);
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSendingEvent sending ? sending.getEndpoint() instanceof HttpEndpoint
                : event instanceof ExchangeSentEvent sent && sent.getEndpoint() instanceof HttpEndpoint;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof ExchangeSendingEvent sending) {
            start(sending.getExchange());
        } else if (event instanceof ExchangeSentEvent sent) {
            end(sent.getExchange());
        }
    }

    private void start(Exchange exchange) {
        List<DeliveryJob> jobs = carried(exchange);
        if (jobs.isEmpty()) {
            return;
        }
        Span.Builder span = tracer.spanBuilder().setNoParent().name("vendor call").kind(Span.Kind.CLIENT)
                .tag("bridge.destination", jobs.get(0).destination())
                // not the path: some vendors' paths name the person
                .tag("http.request.method", Objects.toString(exchange.getMessage().getHeader(Exchange.HTTP_METHOD), ""))
                .tag("bridge.deliveries", String.valueOf(jobs.size()));
        for (DeliveryJob job : jobs) {
            TraceContext webhook = traceParents.parse(job.traceParent());
            if (webhook != null) {
                span.addLink(new Link(webhook));
            }
        }
        exchange.setProperty(SPAN, span.start());
    }

    private static void end(Exchange exchange) {
        Span span = exchange.getProperty(SPAN, Span.class);
        if (span == null) {
            return;
        }
        exchange.removeProperty(SPAN);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status != null) {
            span.tag("http.response.status_code", String.valueOf(status));
        }
        if (exchange.getException() != null) {
            span.error(exchange.getException());
        }
        span.end();
    }

    private static List<DeliveryJob> carried(Exchange exchange) {
        BulkCall call = exchange.getVariable(ExchangeVariables.BULK_CALL, BulkCall.class);
        if (call != null) {
            List<DeliveryJob> jobs = call.batch().jobs();
            return call.items().stream().map(item -> jobs.get(item.plan())).distinct().toList();
        }
        DeliveryJob job = exchange.getVariable(ExchangeVariables.JOB, DeliveryJob.class);
        return job == null ? List.of() : List.of(job);
    }
}
