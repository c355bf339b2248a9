package ai.sahha.bridge.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import ai.sahha.bridge.ExchangeVariables;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Sahha sends no timestamp header, so a captured webhook stays correctly signed for ever. A record whose own time
 * (variable {@code recordTime}) is more than {@code maxRecordAge} ago is marked {@code stale}: the route acknowledges
 * it and does not journal it. Its receipt, kept until the dedupe window has passed the later of its arrival and that
 * time, covers every replay younger than that, so a replay is either a duplicate or stale. {@code maxRecordAge} zero
 * turns the check off.
 */
public class StaleRecords implements Processor {

    private final Clock clock;
    private final Duration maxRecordAge;

    public StaleRecords(Clock clock, Duration maxRecordAge) {
        this.clock = clock;
        this.maxRecordAge = maxRecordAge;
    }

    /** The default: the dedupe window less an hour (half the window when that is two hours or less). */
    public static Duration defaultMaxRecordAge(Duration dedupeWindow) {
        return dedupeWindow.compareTo(Duration.ofHours(2)) > 0 ? dedupeWindow.minusHours(1) : dedupeWindow.dividedBy(2);
    }

    @Override
    public void process(Exchange exchange) {
        Instant recordTime = exchange.getVariable(ExchangeVariables.RECORD_TIME, Instant.class);
        if (!maxRecordAge.isZero() && recordTime != null && recordTime.isBefore(clock.instant().minus(maxRecordAge))) {
            exchange.setVariable(ExchangeVariables.STALE, true);
        }
    }
}
