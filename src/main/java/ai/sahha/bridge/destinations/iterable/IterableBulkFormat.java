package ai.sahha.bridge.destinations.iterable;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.sahha.bridge.delivery.BulkCall;
import ai.sahha.bridge.delivery.BulkFormat;
import ai.sahha.bridge.delivery.VendorRejectedException;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.identity.Recipient;
import ai.sahha.bridge.journal.DeliveryFailure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Iterable's {@code POST /api/users/bulkUpdate} and {@code POST /api/events/trackBulk}: the same user and event
 * bodies as the single calls, users first (a later phase), at most 1,000 per call (Iterable states no count) and
 * 4 MB. Iterable answers 200 with {@code failCount} and names the refused people in {@code failedUpdates}; only
 * their deliveries fail. A body with a {@code code} other than {@code Success} refuses the whole call.
 */
public class IterableBulkFormat implements BulkFormat {

    static final String USERS = "/api/users/bulkUpdate";
    static final String EVENTS = "/api/events/trackBulk";
    private static final Limits LIMITS = new Limits(1000, 4 * 1000 * 1000 - 64);

    private final ObjectMapper mapper;

    public IterableBulkFormat(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public BulkElement element(VendorRequest single, Recipient recipient) {
        boolean user = single.path().endsWith("/update");
        return BulkElement.of(user ? USERS : EVENTS, user ? 0 : 1, single.body(), single.headers());
    }

    @Override
    public VendorRequest call(String endpoint, List<BulkElement> elements) {
        String list = USERS.equals(endpoint) ? "users" : "events";
        return BulkFormat.post(endpoint, "{\"" + list + "\":[", elements, "]}");
    }

    @Override
    public Limits limits(String endpoint) {
        return LIMITS;
    }

    @Override
    public Map<Integer, DeliveryFailure> refused(BulkCall call, int status, String body) {
        JsonNode answer;
        try {
            answer = mapper.readTree(body == null ? "" : body);
        } catch (Exception unreadable) {
            answer = null;
        }
        if (answer == null || !answer.has("failCount")) {
            String code = answer == null ? null : answer.path("code").asString(null);
            throw new VendorRejectedException(status, code, "Iterable answered " + status + " with code " + code
                    + " and no failCount", "RateLimitExceeded".equals(code));
        }
        if (answer.path("failCount").asInt() == 0) {
            return Map.of();
        }
        Map<String, String> why = new HashMap<>();
        answer.path("failedUpdates").properties().forEach(list -> list.getValue()
                .forEach(person -> why.putIfAbsent(person.asString(""), list.getKey())));
        for (String deprecated : Set.of("invalidEmails", "invalidUserIds")) {
            answer.path(deprecated).forEach(person -> why.putIfAbsent(person.asString(""), deprecated));
        }
        Map<Integer, DeliveryFailure> refused = new HashMap<>();
        for (int i = 0; i < call.items().size(); i++) {
            String person = call.items().get(i).recipient().value();
            if (why.containsKey(person)) {
                refused.put(i, new DeliveryFailure(true, status, "Iterable refused the "
                        + (USERS.equals(call.endpoint()) ? "update" : "event") + ": " + why.get(person), null));
            }
        }
        return refused;
    }
}
