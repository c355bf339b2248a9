package ai.sahha.bridge.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

import ai.sahha.bridge.ExchangeVariables;
import ai.sahha.bridge.PersonTags;
import ai.sahha.bridge.identity.IdentityUnresolvedException;
import ai.sahha.bridge.journal.DeliveredAttributes;
import ai.sahha.bridge.journal.DeliveryFailure;
import ai.sahha.bridge.journal.DeliveryJob;
import ai.sahha.bridge.journal.DeliveryStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records how a delivery ended, in the journal and in {@code bridge_deliveries_total}: delivered (and the attribute
 * value the destination now has), parked (identity not resolvable yet), rescheduled or dead-lettered. The time from
 * acceptance to the vendor's acceptance is {@code bridge_delivery_latency_seconds}. A bulk batch is settled in one
 * transaction.
 */
public class DeliveryOutcomes {

    private static final List<String> OUTCOMES = List.of("delivered", "parked", "rescheduled", "dead_letter");
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryOutcomes.class);

    private final DeliveryStore store;
    private final DeliveredAttributes attributes;
    private final DeliveryFailures failures;
    private final MeterRegistry meters;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final PersonTags tags;

    public DeliveryOutcomes(DeliveryStore store, DeliveredAttributes attributes, DeliveryFailures failures,
                            MeterRegistry meters, TransactionTemplate transactions, Clock clock, PersonTags tags) {
        this.transactions = transactions;
        this.clock = clock;
        this.tags = tags;
        this.store = store;
        this.attributes = attributes;
        this.failures = failures;
        this.meters = meters;
    }

    public void delivered(Exchange exchange) {
        delivered(exchange.getVariable(ExchangeVariables.JOB, DeliveryJob.class),
                exchange.getVariable(ExchangeVariables.ATTRIBUTE_WRITE, DeliveredAttributes.Write.class));
    }

    /** The dead-letter channel's end: reschedule in the journal, or give up when permanent or out of time. */
    public void failed(Exchange exchange) {
        DeliveryJob job = exchange.getVariable(ExchangeVariables.JOB, DeliveryJob.class);
        Throwable caught = DeliveryFailures.caught(exchange);
        if (caught instanceof IdentityUnresolvedException unresolved) {
            parked(job, unresolved.getMessage());
        } else {
            failed(job, failures.describe(caught));
        }
    }

    /** A bulk call's dead-letter channel: every delivery in the call failed (settled with the batch). */
    public void callFailed(Exchange exchange) {
        BulkCall call = exchange.getVariable(ExchangeVariables.BULK_CALL, BulkCall.class);
        call.batch().failed(call, failures.describe(DeliveryFailures.caught(exchange)));
    }

    /** Records how each delivery of a bulk batch ended. */
    public void settle(BulkBatch batch) {
        List<DeliveryJob> jobs = batch.jobs();
        transactions.executeWithoutResult(status -> {
            for (int i = 0; i < jobs.size(); i++) {
                String parkedBecause = batch.parkedBecause(i);
                DeliveryFailure failure = batch.failure(i);
                if (parkedBecause != null) {
                    parked(jobs.get(i), parkedBecause);
                } else if (failure != null) {
                    failed(jobs.get(i), failure);
                } else {
                    delivered(jobs.get(i), batch.plans().get(i).attributeWrite());
                }
            }
        });
    }

    private void delivered(DeliveryJob job, DeliveredAttributes.Write write) {
        if (write != null) {
            attributes.record(write);
        }
        store.delivered(job);
        count(job, "delivered");
        latency(meters, job.destination()).record(Duration.ofMillis(Math.max(0, clock.millis() - job.receivedAt())));
    }

    private void parked(DeliveryJob job, String reason) {
        store.park(job, reason);
        LOG.info("Delivery of event {} to {} parked: {} (person {})", job.eventId(), job.destination(), reason,
                tags.tag(job.externalId()));
        count(job, "parked");
    }

    private void failed(DeliveryJob job, DeliveryFailure failure) {
        // vendors echo what they were sent: the person's identifier, emails and phone numbers are not kept
        DeliveryStore.Outcome outcome = store.failed(job, new DeliveryFailure(failure.permanent(),
                failure.httpStatus(), VendorAnswers.masked(failure.errorCode(), job.externalId()),
                VendorAnswers.masked(failure.detail(), job.externalId()), failure.retryAfterMillis()));
        String status = failure.httpStatus() == null ? "no HTTP response" : "HTTP " + failure.httpStatus();
        if (outcome == DeliveryStore.Outcome.DEAD_LETTER) {
            LOG.warn("Delivery of event {} to {} is a dead letter after {} round(s): {} (person {})", job.eventId(),
                    job.destination(), job.attempts() + 1, status, tags.tag(job.externalId()));
            count(job, "dead_letter");
        } else {
            LOG.info("Delivery of event {} to {} rescheduled after round {}: {}", job.eventId(), job.destination(),
                    job.attempts() + 1, status);
            count(job, "rescheduled");
        }
    }

    private void count(DeliveryJob job, String outcome) {
        meters.counter("bridge.deliveries", "destination", job.destination(), "outcome", outcome).increment();
    }

    /**
     * Registers each destination's delivery meters at start, so that dashboards and alerts find them (at zero)
     * before the first delivery.
     */
    public static void registerMeters(MeterRegistry meters, Collection<String> destinations) {
        for (String destination : destinations) {
            for (String outcome : OUTCOMES) {
                meters.counter("bridge.deliveries", "destination", destination, "outcome", outcome);
            }
            latency(meters, destination);
        }
    }

    /** From the webhook's acceptance to the vendor's, as a histogram for percentiles across replicas. */
    private static Timer latency(MeterRegistry meters, String destination) {
        return Timer.builder("bridge.delivery.latency").tag("destination", destination)
                .description("from the webhook's acceptance to the vendor's").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofHours(24))
                .register(meters);
    }
}
