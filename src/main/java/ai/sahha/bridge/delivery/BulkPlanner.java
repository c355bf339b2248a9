package ai.sahha.bridge.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.delivery.DeliveryPlanner.Plan;
import ai.sahha.bridge.delivery.DeliveryPlanner;
import ai.sahha.bridge.identity.IdentityUnresolvedException;
import ai.sahha.bridge.journal.Claim;
import ai.sahha.bridge.journal.DeliveryFailure;
import ai.sahha.bridge.journal.DeliveryJob;

/**
 * Plans a claim of deliveries for one destination as a {@link BulkBatch}: each delivery planned as for a single
 * call (identity, ordering, change-only), then, of several updates to the same person's attribute, only the newest
 * is sent (the older ones still send their events), and each call the translator would make becomes an element of
 * the vendor's bulk call. Claims smaller than {@code minItems} are not worth batching and go call by call.
 */
public class BulkPlanner {

    private final DeliveryPlanner planner;
    private final BulkFormat format;
    private final DeliveryFailures failures;
    private final int minItems;
    private final int maxItems;

    public BulkPlanner(DeliveryPlanner planner, BulkFormat format, DeliveryFailures failures, int minItems,
                       int maxItems) {
        this.planner = planner;
        this.format = format;
        this.failures = failures;
        this.minItems = minItems;
        this.maxItems = maxItems;
    }

    /** For the poll routes' choice; {@code min-items} 0 never batches. */
    public boolean worthBatching(Claim claim) {
        return format != null && minItems > 0 && claim.jobs().size() >= minItems;
    }

    public BulkBatch plan(Claim claim) {
        List<DeliveryJob> claimed = claim.jobs();
        List<Plan> plans = new ArrayList<>(claimed.size());
        Map<Integer, String> parked = new HashMap<>();
        Map<Integer, DeliveryFailure> failed = new HashMap<>();
        Map<String, Integer> newestWrite = new HashMap<>();
        for (DeliveryJob job : claimed) {
            int index = plans.size();
            Plan plan = null;
            try {
                plan = planner.plan(job);
            } catch (IdentityUnresolvedException unresolved) {
                parked.put(index, unresolved.getMessage());
            } catch (RuntimeException unreadable) {
                failed.put(index, failures.describe(unreadable));
            }
            plans.add(plan);
            if (plan != null && plan.attributeWrite() != null) {
                String attribute = job.externalId() + "\u0000" + plan.attributeWrite().attribute();
                Integer earlier = newestWrite.get(attribute);
                if (earlier == null || plans.get(earlier).record().ordering().isBefore(plan.record().ordering())) {
                    newestWrite.put(attribute, index);
                    if (earlier != null) {
                        plans.set(earlier, plans.get(earlier).withoutAttributes());
                    }
                } else {
                    plans.set(index, plan.withoutAttributes());
                }
            }
        }
        List<BulkBatch.Item> items = new ArrayList<>();
        for (int index = 0; index < plans.size(); index++) {
            Plan plan = plans.get(index);
            if (plan == null) {
                continue;
            }
            try {
                for (VendorRequest single : planner.translator().translate(plan.record(), plan.recipient(), plan.sync())) {
                    items.add(new BulkBatch.Item(index, plan.recipient(), format.element(single, plan.recipient())));
                }
            } catch (RuntimeException untranslatable) {
                failed.put(index, failures.describe(untranslatable));
            }
        }
        return new BulkBatch(format, maxItems, claimed, plans, items, parked, failed);
    }
}
