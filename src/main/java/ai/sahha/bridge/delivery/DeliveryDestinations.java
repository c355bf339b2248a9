package ai.sahha.bridge.delivery;

import java.util.Map;
import java.util.TreeMap;

import ai.sahha.bridge.ExchangeVariables;
import ai.sahha.bridge.journal.Claim;
import ai.sahha.bridge.journal.DeliveryJob;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The destinations that are on, as the shared delivery routes need them: each one's planner (identity, ordering,
 * change-only around its translator) and bulk planner. The routes' beans {@code deliveryPlanner} and
 * {@code bulkPlanner} find the destination of the work at hand here.
 */
public class DeliveryDestinations {

    /** One destination's part of delivery. */
    public record Destination(String name, DeliveryPlanner planner, BulkPlanner bulk) {
    }

    private final Map<String, Destination> byName;

    public DeliveryDestinations(Map<String, Destination> byName) {
        this.byName = Map.copyOf(new TreeMap<>(byName));
    }

    public Destination get(String name) {
        Destination destination = byName.get(name);
        if (destination == null) {
            throw new IllegalStateException("no destination " + name + " is on");
        }
        return destination;
    }

    public Map<String, Destination> all() {
        return byName;
    }

    /** {@code deliveryPlanner}: plans the delivery in variable {@code job} for its destination. */
    public Processor planner() {
        return exchange -> get(exchange.getVariable(ExchangeVariables.JOB, DeliveryJob.class).destination()).planner()
                .process(exchange);
    }

    /** {@code bulkPlanner}: a claim's bulk calls, planned for its destination. */
    public Bulk bulkPlanner() {
        return new Bulk();
    }

    /** What the poll and bulk routes ask about a claim. */
    public final class Bulk {

        /** Whether the claim is large enough to go out as bulk calls. */
        public boolean worthBatching(Claim claim) {
            return get(claim.destination()).bulk().worthBatching(claim);
        }

        public BulkBatch plan(Claim claim) {
            return get(claim.destination()).bulk().plan(claim);
        }
    }

    /** {@code acceptAnyAnswer}: the answer check of destinations whose success answers need no reading. */
    public static Processor acceptAnyAnswer() {
        return exchange -> { };
    }

    /** The destination the exchange delivers to: variable {@code destination} (bulk calls), else its job's. */
    public static String destination(Exchange exchange) {
        String destination = exchange.getVariable(ExchangeVariables.DESTINATION, String.class);
        if (destination != null) {
            return destination;
        }
        DeliveryJob job = exchange.getVariable(ExchangeVariables.JOB, DeliveryJob.class);
        return job == null ? "?" : job.destination();
    }
}
