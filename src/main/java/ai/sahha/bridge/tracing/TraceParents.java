package ai.sahha.bridge.tracing;

import java.util.regex.Pattern;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;

/**
 * A span's context as a W3C {@code traceparent} ({@code 00-<trace id>-<span id>-01}): the form in which a webhook's
 * span travels with its journaled event to the vendor calls that carry it, possibly on another replica, days later.
 */
public final class TraceParents {

    private static final Pattern TRACE_PARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-01");

    private final Tracer tracer;

    public TraceParents(Tracer tracer) {
        this.tracer = tracer;
    }

    /** The current span's traceparent, or null when there is none or it is not sampled (nothing to link to). */
    public String current() {
        Span span = tracer.currentSpan();
        if (span == null || !Boolean.TRUE.equals(span.context().sampled())) {
            return null;
        }
        return "00-" + span.context().traceId() + "-" + span.context().spanId() + "-01";
    }

    /** The context a traceparent names, or null for anything else (a column is never trusted to be well formed). */
    TraceContext parse(String traceParent) {
        if (traceParent == null || !TRACE_PARENT.matcher(traceParent).matches()) {
            return null;
        }
        return tracer.traceContextBuilder().traceId(traceParent.substring(3, 35))
                .spanId(traceParent.substring(36, 52)).sampled(true).build();
    }
}
