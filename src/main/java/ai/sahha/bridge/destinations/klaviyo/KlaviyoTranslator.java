package ai.sahha.bridge.destinations.klaviyo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.delivery.ContentIds;
import ai.sahha.bridge.delivery.RecordTranslator;
import ai.sahha.bridge.delivery.Sync;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.destinations.Fields;
import ai.sahha.bridge.destinations.Mapping;
import ai.sahha.bridge.destinations.RecordFields;
import ai.sahha.bridge.identity.Recipient;
import ai.sahha.bridge.records.Archetype;
import ai.sahha.bridge.records.SahhaRecord;
import ai.sahha.bridge.records.UndeliverableEventException;
import tools.jackson.databind.ObjectMapper;

/**
 * Maps Sahha records to Klaviyo's JSON:API as the Klaviyo tutorial intends for archetypes, but shaped as the
 * vendor schema wants it (custom properties inside {@code data.attributes}): {@code POST /api/profile-import} with
 * {@code sahha_archetype_{name}_{periodicity}} properties, then {@code POST /api/events} metric "Sahha Archetype
 * Assigned" with a content-derived {@code unique_id}; scores and biomarkers as profile properties in the same
 * style, scores and data logs as their own metrics. An event for an older record is sent as {@code backfill} so
 * it is recorded without triggering flows. The API revision is pinned.
 */
public class KlaviyoTranslator implements RecordTranslator {

    static final String MEDIA_TYPE = "application/vnd.api+json";
    static final int MAX_PROFILE_BYTES = 100 * 1024;
    static final int MAX_EVENT_PROPERTIES = 400;

    private final ObjectMapper mapper;
    private final String baseUrl;
    private final Map<String, String> headers;
    private final Mapping mapping;

    public KlaviyoTranslator(ObjectMapper mapper, String baseUrl, String privateApiKey, String revision,
                             Mapping mapping) {
        this.mapper = mapper;
        this.baseUrl = RecordTranslator.normalizeBaseUrl(baseUrl);
        this.headers = Map.of("Authorization", "Klaviyo-API-Key " + privateApiKey, "revision", revision,
                "Content-Type", MEDIA_TYPE, "Accept", MEDIA_TYPE);
        this.mapping = mapping;
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public List<VendorRequest> translate(SahhaRecord record, Recipient recipient, Sync sync) {
        List<VendorRequest> requests = new ArrayList<>();
        if (sync.attributes()) {
            Fields profile = new Fields().with("type", "profile")
                    .with("attributes", identifier(recipient).with("properties",
                            RecordFields.attributes(record, mapping, RecordFields.Style.SNAKE_ISO,
                                    this::archetypeProperties)));
            requests.add(checked(VendorRequest.json(mapper, "POST", "/api/profile-import",
                    new Fields().with("data", profile), headers), MAX_PROFILE_BYTES));
        }
        if (sync.event()) {
            Fields metric = new Fields().with("data", new Fields().with("type", "metric")
                    .with("attributes", new Fields().with("name", RecordFields.eventName(record, mapping))));
            Fields profile = new Fields().with("data", new Fields().with("type", "profile")
                    .with("attributes", identifier(recipient)));
            Fields properties = RecordFields.event(record);
            if (properties.size() > MAX_EVENT_PROPERTIES) {
                throw new UndeliverableEventException("the Klaviyo event would have more than 400 properties");
            }
            Fields attributes = new Fields().with("properties", properties)
                    .with("time", record.createdAt().toString())
                    .with("unique_id", ContentIds.key(record.content()))
                    .withOptional("backfill", sync.attributes() || record.attribute() == null ? null : true)
                    .with("metric", metric)
                    .with("profile", profile);
            requests.add(VendorRequest.json(mapper, "POST", "/api/events",
                    new Fields().with("data", new Fields().with("type", "event").with("attributes", attributes)),
                    headers));
        }
        return requests;
    }

    private Fields archetypeProperties(Archetype archetype) {
        String prefix = archetype.key(mapping.attributeKey());
        return new Fields().with(prefix, archetype.value())
                .with(prefix + "_created_at", archetype.createdAtUtc())
                .withOptional(prefix + "_start", archetype.startDateTime())
                .withOptional(prefix + "_end", archetype.endDateTime())
                .withOptional(prefix + "_version", archetype.version());
    }

    /** Klaviyo refuses a profile payload over 100 KB: say so here rather than after a round trip. */
    private static VendorRequest checked(VendorRequest request, int maxBytes) {
        if (request.body().getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new UndeliverableEventException("the Klaviyo profile would exceed its 100 KB limit");
        }
        return request;
    }

    /**
     * A data-privacy deletion job deletes every profile with the email or phone number (answered 202; it runs later).
     * It needs a key with the {@code data-privacy:write} scope, and takes no external_id.
     */
    @Override
    public VendorRequest erasure(Recipient recipient, String requestKey) {
        if (recipient.kind() == Recipient.Kind.ID) {
            return null;
        }
        Fields profile = new Fields().with("data", new Fields().with("type", "profile")
                .with("attributes", identifier(recipient)));
        Fields job = new Fields().with("type", "data-privacy-deletion-job")
                .with("attributes", new Fields().with("profile", profile));
        return VendorRequest.json(mapper, "POST", "/api/data-privacy-deletion-jobs", new Fields().with("data", job),
                headers);
    }

    @Override
    public String manualErasure() {
        return "Klaviyo deletes profiles by email or phone number, and this destination keys them by external_id: "
                + "delete the profile in Klaviyo (Profiles, or Account > Privacy: Request deletion)";
    }

    private static Fields identifier(Recipient recipient) {
        String field = switch (recipient.kind()) {
            case EMAIL -> "email";
            case PHONE -> "phone_number";
            case ID -> "external_id";
        };
        return new Fields().with(field, recipient.value());
    }
}
