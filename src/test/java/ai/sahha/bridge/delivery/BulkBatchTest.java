package ai.sahha.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.identity.Recipient;
import ai.sahha.bridge.journal.DeliveryFailure;
import ai.sahha.bridge.journal.DeliveryJob;
import org.junit.jupiter.api.Test;

/** How a batch packs its deliveries into calls: within the vendor's limits, whole people per call, phase by phase. */
class BulkBatchTest {

    /** At most three elements and 100 bytes of them per call; "late" elements go in a second phase. */
    private static final BulkFormat FORMAT = new BulkFormat() {
        @Override
        public BulkElement element(VendorRequest single, Recipient recipient) {
            return BulkElement.of(single.path(), single.path().equals("/late") ? 1 : 0, single.body(), Map.of());
        }

        @Override
        public VendorRequest call(String endpoint, List<BulkElement> elements) {
            return BulkFormat.post(endpoint, "[", elements, "]");
        }

        @Override
        public Limits limits(String endpoint) {
            return new Limits(3, 100);
        }
    };

    private final List<DeliveryJob> jobs = new ArrayList<>();
    private final List<BulkBatch.Item> items = new ArrayList<>();

    @Test
    void callsKeepToTheLimitsAndNeverSplitAPerson() {
        element("ana", "/now", "\"a1\"");
        element("ben", "/now", "\"b1\"");
        element("ana", "/now", "\"a2\"");
        element("cat", "/now", "\"c1\"");
        element("cat", "/now", "\"c2\"");
        element("dan", "/now", "\"" + "d".repeat(90) + "\"");

        List<BulkCall> calls = batch(Map.of()).nextCalls();

        assertThat(calls).extracting(call -> call.request().body())
                .containsExactly("[\"a1\",\"a2\",\"b1\"]", "[\"c1\",\"c2\"]", "[\"" + "d".repeat(90) + "\"]");
    }

    @Test
    void aConfiguredMaximumMakesCallsSmallerThanTheVendorAllows() {
        element("ana", "/now", "\"a1\"");
        element("ben", "/now", "\"b1\"");
        element("cat", "/now", "\"c1\"");

        List<BulkCall> calls = batch(2, Map.of()).nextCalls();

        assertThat(calls).extracting(call -> call.request().body()).containsExactly("[\"a1\",\"b1\"]", "[\"c1\"]");
    }

    @Test
    void aLaterPhaseLeavesOutTheDeliveriesThatFailedInAnEarlierOne() {
        delivery("ana", "\"a-profile\"", "\"a-event\"");
        delivery("ben", "\"b-profile\"", "\"b-event\"");
        BulkBatch batch = batch(Map.of());

        List<BulkCall> first = batch.nextCalls();
        assertThat(first).singleElement().satisfies(call -> assertThat(call.request().body())
                .isEqualTo("[\"a-profile\",\"b-profile\"]"));
        batch.refused(first.get(0).items().get(1), new DeliveryFailure(true, 200, "refused", null));
        assertThat(batch.hasNextPhase()).isTrue();
        assertThat(batch.nextCalls()).singleElement().satisfies(call -> assertThat(call.request().body())
                .isEqualTo("[\"a-event\"]"));
        assertThat(batch.hasNextPhase()).isFalse();
        assertThat(batch.failure(0)).isNull();
        assertThat(batch.failure(1).detail()).isEqualTo("refused");
    }

    @Test
    void aFailedCallFailsEveryDeliveryInItAndNoOther() {
        element("ana", "/now", "\"a1\"");
        element("ben", "/now", "\"b1\"");
        element("cat", "/now", "\"c1\"");
        element("dan", "/now", "\"d1\"");
        BulkBatch batch = batch(Map.of());
        List<BulkCall> calls = batch.nextCalls();

        batch.failed(calls.get(1), new DeliveryFailure(false, 503, "HTTP 503", null));

        assertThat(List.of(0, 1, 2, 3)).filteredOn(plan -> batch.failure(plan) != null).containsExactly(3);
    }

    /** A delivery with one element. */
    private void element(String person, String endpoint, String json) {
        int plan = job(person);
        items.add(item(plan, person, endpoint, json));
    }

    /** A delivery with a profile element now and an event element in the later phase. */
    private void delivery(String person, String profile, String event) {
        int plan = job(person);
        items.add(item(plan, person, "/now", profile));
        items.add(item(plan, person, "/late", event));
    }

    private int job(String person) {
        int plan = jobs.size();
        jobs.add(new DeliveryJob(null, 1L, "test", "e" + plan, "t", person, "{}", 0, null, 0, null));
        return plan;
    }

    private static BulkBatch.Item item(int plan, String person, String endpoint, String json) {
        return new BulkBatch.Item(plan, new Recipient(Recipient.Kind.ID, person),
                FORMAT.element(new VendorRequest("POST", endpoint, json, Map.of()), null));
    }

    private BulkBatch batch(Map<Integer, DeliveryFailure> failures) {
        return batch(0, failures);
    }

    private BulkBatch batch(int maxItems, Map<Integer, DeliveryFailure> failures) {
        List<ai.sahha.bridge.delivery.DeliveryPlanner.Plan> plans = new ArrayList<>();
        jobs.forEach(job -> plans.add(null));
        return new BulkBatch(FORMAT, maxItems, jobs, plans, items, new HashMap<>(), failures);
    }
}
