package ai.sahha.bridge.destinations.klaviyo;

import java.util.List;

import ai.sahha.bridge.delivery.BulkFormat;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.identity.Recipient;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Klaviyo's bulk jobs: profile writes go into a profile bulk import job (at most 10,000 profiles and 5 MB; the job
 * runs after the 202, see {@link KlaviyoImportJobs}), then events into an event bulk create job (at most 1,000 and
 * 5 MB), each entry the event's profile with the one event, {@code backfill} as on the single call.
 */
public class KlaviyoBulkFormat implements BulkFormat {

    static final String PROFILE_IMPORT = "/api/profile-bulk-import-jobs";
    static final String EVENT_CREATE = "/api/event-bulk-create-jobs";
    private static final Limits PROFILES = new Limits(10_000, 5 * 1000 * 1000 - 256);
    private static final Limits EVENTS = new Limits(1000, 5 * 1000 * 1000 - 256);

    private final ObjectMapper mapper;

    public KlaviyoBulkFormat(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public BulkElement element(VendorRequest single, Recipient recipient) {
        ObjectNode data = (ObjectNode) single.jsonBody(mapper).get("data");
        if (single.path().endsWith("/profile-import")) {
            return BulkElement.of(PROFILE_IMPORT, 0, data.toString(), single.headers());
        }
        ObjectNode event = (ObjectNode) data.get("attributes");
        ObjectNode entry = mapper.createObjectNode().put("type", "event-bulk-create");
        ObjectNode attributes = entry.putObject("attributes");
        if (event.has("backfill")) {
            attributes.set("backfill", event.remove("backfill"));
        }
        attributes.set("profile", event.remove("profile"));
        attributes.putObject("events").putArray("data").addObject().put("type", "event").set("attributes", event);
        return BulkElement.of(EVENT_CREATE, 1, entry.toString(), single.headers());
    }

    @Override
    public VendorRequest call(String endpoint, List<BulkElement> elements) {
        return PROFILE_IMPORT.equals(endpoint)
                ? BulkFormat.post(endpoint, "{\"data\":{\"type\":\"profile-bulk-import-job\",\"attributes\":"
                        + "{\"profiles\":{\"data\":[", elements, "]}}}}")
                : BulkFormat.post(endpoint, "{\"data\":{\"type\":\"event-bulk-create-job\",\"attributes\":"
                        + "{\"events-bulk-create\":{\"data\":[", elements, "]}}}}");
    }

    @Override
    public Limits limits(String endpoint) {
        return PROFILE_IMPORT.equals(endpoint) ? PROFILES : EVENTS;
    }
}
