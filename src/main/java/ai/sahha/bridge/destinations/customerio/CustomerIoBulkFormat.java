package ai.sahha.bridge.destinations.customerio;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.delivery.BulkCall;
import ai.sahha.bridge.delivery.BulkFormat;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.identity.Recipient;
import ai.sahha.bridge.journal.DeliveryFailure;
import ai.sahha.bridge.records.UndeliverableEventException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Customer.io's {@code POST /api/v2/batch}: each customer update becomes an {@code identify} operation (its
 * {@code _timestamp} as the operation's {@code timestamp}, which orders updates as in v1) and each event an
 * {@code event} operation with the same ULID {@code id}; the person is one identifier, id or email. Under 500 KB per
 * call and 32 KB per operation. A 207 names the refused operations by {@code batch_index}; they are not retried.
 */
public class CustomerIoBulkFormat implements BulkFormat {

    static final String BATCH = "/api/v2/batch";
    static final int MAX_OPERATION_BYTES = 32 * 1024;
    private static final Limits LIMITS = new Limits(1000, 500 * 1000 - 64);

    private final ObjectMapper mapper;

    public CustomerIoBulkFormat(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public BulkElement element(VendorRequest single, Recipient recipient) {
        ObjectNode body = single.jsonBody(mapper);
        ObjectNode operation = mapper.createObjectNode().put("type", "person");
        operation.putObject("identifiers").put(recipient.kind() == Recipient.Kind.EMAIL ? "email" : "id",
                recipient.value());
        if (single.path().endsWith("/events")) {
            operation.put("action", "event").set("name", body.get("name"));
            operation.set("id", body.get("id"));
            operation.set("timestamp", body.get("timestamp"));
            operation.set("attributes", body.get("data"));
        } else {
            operation.put("action", "identify").set("timestamp", body.remove("_timestamp"));
            operation.set("attributes", body);
        }
        BulkElement element = BulkElement.of(BATCH, 0, operation.toString(), single.headers());
        if (element.bytes() > MAX_OPERATION_BYTES) {
            throw new UndeliverableEventException("the Customer.io operation would exceed 32 KB");
        }
        return element;
    }

    @Override
    public VendorRequest call(String endpoint, List<BulkElement> elements) {
        return BulkFormat.post(endpoint, "{\"batch\":[", elements, "]}");
    }

    @Override
    public Limits limits(String endpoint) {
        return LIMITS;
    }

    @Override
    public Map<Integer, DeliveryFailure> refused(BulkCall call, int status, String body) {
        if (status != 207) {
            return Map.of();
        }
        Map<Integer, DeliveryFailure> refused = new HashMap<>();
        JsonNode errors;
        try {
            errors = mapper.readTree(body).path("errors");
        } catch (Exception unreadable) {
            throw new IllegalStateException("Customer.io answered 207 without a readable list of errors");
        }
        for (JsonNode error : errors) {
            int index = error.path("batch_index").asInt(-1);
            if (index >= 0 && index < call.items().size()) {
                refused.put(index, new DeliveryFailure(true, 207, error.path("reason").asString(null),
                        "Customer.io refused the operation: "
                        + error.path("reason").asString("") + " " + error.path("field").asString("") + " "
                        + error.path("message").asString(""), null));
            }
        }
        return refused;
    }
}
