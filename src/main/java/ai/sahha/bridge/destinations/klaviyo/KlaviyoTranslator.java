package ai.sahha.bridge.destinations.klaviyo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.delivery.ContentIds;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.destinations.Archetype;
import ai.sahha.bridge.destinations.ArchetypeTranslator;
import ai.sahha.bridge.destinations.Fields;
import ai.sahha.bridge.destinations.Sync;
import ai.sahha.bridge.identity.Recipient;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Maps an archetype to Klaviyo's JSON:API as the Klaviyo tutorial intends, but shaped as the vendor schema wants
 * it (custom properties inside {@code data.attributes}): {@code POST /api/profile-import} with
 * {@code sahha_archetype_{name}_{periodicity}} properties, then {@code POST /api/events} metric "Sahha Archetype
 * Assigned" with a content-derived {@code unique_id}. An event for an older record is sent as {@code backfill} so
 * it is recorded without triggering flows. The API revision is pinned.
 */
public class KlaviyoTranslator implements ArchetypeTranslator {

    static final String MEDIA_TYPE = "application/vnd.api+json";

    private final ObjectMapper mapper;
    private final String baseUrl;
    private final Map<String, String> headers;
    private final String attributeKey;
    private final String eventName;

    public KlaviyoTranslator(ObjectMapper mapper, String baseUrl, String privateApiKey, String revision,
                             String attributeKey, String eventName) {
        this.mapper = mapper;
        this.baseUrl = ArchetypeTranslator.normalizeBaseUrl(baseUrl);
        this.headers = Map.of("Authorization", "Klaviyo-API-Key " + privateApiKey, "revision", revision,
                "Content-Type", MEDIA_TYPE, "Accept", MEDIA_TYPE);
        this.attributeKey = attributeKey;
        this.eventName = eventName;
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public List<VendorRequest> translate(Archetype archetype, Recipient recipient, Sync sync) {
        List<VendorRequest> requests = new ArrayList<>();
        if (sync.attributes()) {
            String prefix = archetype.key(attributeKey);
            Fields properties = new Fields().with(prefix, archetype.value())
                    .with(prefix + "_created_at", archetype.createdAtUtc())
                    .withOptional(prefix + "_start", archetype.startDateTime())
                    .withOptional(prefix + "_end", archetype.endDateTime())
                    .withOptional(prefix + "_version", archetype.version());
            Fields profile = new Fields().with("type", "profile")
                    .with("attributes", identifier(recipient).with("properties", properties));
            requests.add(VendorRequest.json(mapper, "POST", "/api/profile-import", new Fields().with("data", profile),
                    headers));
        }
        if (sync.event()) {
            Fields properties = new Fields().with("sahha_record_id", archetype.id())
                    .with("archetype_name", archetype.name())
                    .with("archetype_value", archetype.value())
                    .with("archetype_periodicity", archetype.periodicity())
                    .withOptional("archetype_data_type", archetype.dataType())
                    .withOptional("archetype_ordinality", archetype.ordinality())
                    .withOptional("window_start", archetype.startDateTime())
                    .withOptional("window_end", archetype.endDateTime())
                    .with("created_at_utc", archetype.createdAtUtc());
            Fields metric = new Fields().with("data", new Fields().with("type", "metric")
                    .with("attributes", new Fields().with("name", eventName)));
            Fields profile = new Fields().with("data", new Fields().with("type", "profile")
                    .with("attributes", identifier(recipient)));
            Fields attributes = new Fields().with("properties", properties)
                    .with("time", archetype.createdAt().toString())
                    .with("unique_id", ContentIds.key(archetype.content()))
                    .withOptional("backfill", sync.attributes() ? null : true)
                    .with("metric", metric)
                    .with("profile", profile);
            requests.add(VendorRequest.json(mapper, "POST", "/api/events",
                    new Fields().with("data", new Fields().with("type", "event").with("attributes", attributes)),
                    headers));
        }
        return requests;
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
