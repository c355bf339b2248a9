package ai.sahha.bridge.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ai.sahha.bridge.delivery.DeliveryPlanner.Plan;
import ai.sahha.bridge.identity.Recipient;
import ai.sahha.bridge.journal.DeliveryFailure;
import ai.sahha.bridge.journal.DeliveryJob;

/**
 * One claim's deliveries to one destination, sent as bulk calls phase by phase ({@link #nextCalls}). A person's
 * elements of one phase always travel in the same call, in claim order, so their updates stay in order. What
 * happens to each delivery is collected here (calls run in parallel) and settled in the journal at the end.
 */
public class BulkBatch {

    /** One element of one delivery ({@code plan}: its index in {@link #jobs()}). */
    public record Item(int plan, Recipient recipient, BulkFormat.BulkElement element) {
    }

    private final BulkFormat format;
    private final int maxItems;
    private final List<DeliveryJob> jobs;
    private final List<Plan> plans;
    private final List<Item> items;
    private final Map<Integer, String> parked;
    private final Map<Integer, DeliveryFailure> failures = new ConcurrentHashMap<>();
    private final int lastPhase;
    private int phase = -1;

    /** @param maxItems elements per call at most, below the vendor's own maximum (0: the vendor's) */
    BulkBatch(BulkFormat format, int maxItems, List<DeliveryJob> jobs, List<Plan> plans, List<Item> items,
              Map<Integer, String> parked, Map<Integer, DeliveryFailure> failures) {
        this.format = format;
        this.maxItems = maxItems;
        this.jobs = jobs;
        this.plans = plans;
        this.items = items;
        this.parked = parked;
        this.failures.putAll(failures);
        this.lastPhase = items.stream().mapToInt(item -> item.element().phase()).max().orElse(-1);
    }

    BulkFormat format() {
        return format;
    }

    /** The claimed deliveries, in claim order. */
    public List<DeliveryJob> jobs() {
        return jobs;
    }

    /** Each delivery's plan, by the same index; null where it could not be planned (parked or failed). */
    public List<Plan> plans() {
        return plans;
    }

    /** Why a delivery is parked (its identity did not resolve), or null. */
    public String parkedBecause(int plan) {
        return parked.get(plan);
    }

    /** Why a delivery failed (planning, a refused element or a failed call), or null when it went through. */
    public DeliveryFailure failure(int plan) {
        return failures.get(plan);
    }

    public boolean hasNextPhase() {
        return phase < lastPhase;
    }

    /**
     * The calls of the next phase, leaving out the deliveries that failed in an earlier one: whole people per call
     * within the vendor's limits, each endpoint's calls apart.
     */
    public List<BulkCall> nextCalls() {
        phase++;
        Map<String, Map<String, List<Item>>> byEndpointAndPerson = new LinkedHashMap<>();
        for (Item item : items) {
            if (item.element().phase() == phase && !failures.containsKey(item.plan())) {
                byEndpointAndPerson.computeIfAbsent(item.element().endpoint(), e -> new LinkedHashMap<>())
                        .computeIfAbsent(item.recipient().value(), p -> new ArrayList<>()).add(item);
            }
        }
        List<BulkCall> calls = new ArrayList<>();
        byEndpointAndPerson.forEach((endpoint, people) -> {
            BulkFormat.Limits limits = format.limits(endpoint);
            int maxElements = maxItems > 0 ? Math.min(maxItems, limits.maxElements()) : limits.maxElements();
            List<Item> call = new ArrayList<>();
            int bytes = 0;
            for (List<Item> person : people.values()) {
                int personBytes = person.stream().mapToInt(BulkBatch::bytes).sum();
                if (!call.isEmpty() && (call.size() + person.size() > maxElements
                        || bytes + personBytes > limits.maxBytes())) {
                    calls.add(call(endpoint, call));
                    call = new ArrayList<>();
                    bytes = 0;
                }
                for (Item item : person) {
                    // only one person with more than a call's worth is ever split
                    if (!call.isEmpty() && (call.size() == maxElements
                            || bytes + bytes(item) > limits.maxBytes())) {
                        calls.add(call(endpoint, call));
                        call = new ArrayList<>();
                        bytes = 0;
                    }
                    call.add(item);
                    bytes += bytes(item);
                }
            }
            if (!call.isEmpty()) {
                calls.add(call(endpoint, call));
            }
        });
        return calls;
    }

    /** Elements the vendor refused inside a success answer. */
    public void refused(Item item, DeliveryFailure failure) {
        failures.putIfAbsent(item.plan(), failure);
    }

    /** A call that failed as a whole (after its in-process retries) fails every delivery it carried. */
    public void failed(BulkCall call, DeliveryFailure failure) {
        call.items().forEach(item -> refused(item, failure));
    }

    private BulkCall call(String endpoint, List<Item> items) {
        return new BulkCall(this, endpoint,
                format.call(endpoint, items.stream().map(Item::element).toList()), List.copyOf(items));
    }

    /** An element's share of a call: its JSON and a comma. */
    private static int bytes(Item item) {
        return item.element().bytes() + 1;
    }
}
