package ai.sahha.bridge.destinations.mparticle;

import java.util.List;

import ai.sahha.bridge.delivery.BulkFormat;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.identity.Recipient;

/**
 * mParticle's {@code POST /bulkevents}: a JSON array of the same batches {@code /events} takes, at most 100 and
 * 256 KB per call. mParticle answers 202 even when some batches fail, so there is nothing to read back.
 */
public class MParticleBulkFormat implements BulkFormat {

    static final String BULK = "/bulkevents";
    private static final Limits LIMITS = new Limits(100, 256 * 1024 - 64);

    @Override
    public BulkElement element(VendorRequest single, Recipient recipient) {
        return BulkElement.of(BULK, 0, single.body(), single.headers());
    }

    @Override
    public VendorRequest call(String endpoint, List<BulkElement> elements) {
        return BulkFormat.post(endpoint, "[", elements, "]");
    }

    @Override
    public Limits limits(String endpoint) {
        return LIMITS;
    }
}
