package ai.sahha.bridge.delivery;

import java.util.List;

/** One bulk call to make for a {@link BulkBatch}: its request and the batch items it carries, in order. */
public record BulkCall(BulkBatch batch, String endpoint, VendorRequest request, List<BulkBatch.Item> items) {
}
