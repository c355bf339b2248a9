package ai.sahha.bridge.destinations.segment;

import java.util.List;

import ai.sahha.bridge.delivery.BulkFormat;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.identity.Recipient;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Segment's {@code POST /v1/batch}: the identify and track messages, each with its {@code type}, at most 2,500 and
 * under 500 KB per call (Segment answers 200 but drops what is over, so the limits are kept here).
 */
public class SegmentBulkFormat implements BulkFormat {

    static final String BATCH = "/v1/batch";
    private static final Limits LIMITS = new Limits(2500, 500 * 1000 - 64);

    private final ObjectMapper mapper;

    public SegmentBulkFormat(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public BulkElement element(VendorRequest single, Recipient recipient) {
        ObjectNode message = single.jsonBody(mapper);
        message.put("type", single.path().substring(single.path().lastIndexOf('/') + 1));
        return BulkElement.of(BATCH, 0, message.toString(), single.headers());
    }

    @Override
    public VendorRequest call(String endpoint, List<BulkElement> elements) {
        return BulkFormat.post(endpoint, "{\"batch\":[", elements, "]}");
    }

    @Override
    public Limits limits(String endpoint) {
        return LIMITS;
    }
}
