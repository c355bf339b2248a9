package ai.sahha.bridge.destinations.mparticle;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
 * Maps an archetype to one mParticle Events API batch as the mParticle tutorial does: the person under
 * {@code user_identities} (identity type configurable), {@code user_attributes} {@code sahha_archetype_{name}},
 * and a {@code custom_event} "Sahha Archetype Assigned". {@code source_request_id} and the event's
 * {@code source_message_id} are derived from the record's content. No {@code schema_version}: the published schema
 * rejects it.
 */
public class MParticleTranslator implements ArchetypeTranslator {

    private final ObjectMapper mapper;
    private final String baseUrl;
    private final Map<String, String> auth;
    private final String environment;
    private final String identityType;
    private final String attributeKey;
    private final String eventName;

    public MParticleTranslator(ObjectMapper mapper, String baseUrl, String apiKey, String apiSecret,
                               String environment, String identityType, String attributeKey, String eventName) {
        this.mapper = mapper;
        this.baseUrl = ArchetypeTranslator.normalizeBaseUrl(baseUrl);
        this.auth = Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((apiKey + ":" + apiSecret).getBytes(StandardCharsets.UTF_8)));
        this.environment = environment;
        this.identityType = identityType;
        this.attributeKey = attributeKey;
        this.eventName = eventName;
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public List<VendorRequest> translate(Archetype archetype, Recipient recipient, Sync sync) {
        if (!sync.attributes() && !sync.event()) {
            return List.of();
        }
        String identity = switch (recipient.kind()) {
            case EMAIL -> "email";
            case PHONE -> "mobile_number";
            case ID -> identityType;
        };
        Fields batch = new Fields().with("environment", environment)
                .with("source_request_id", ContentIds.uuid(archetype.content(String.valueOf(sync))))
                .with("user_identities", new Fields().with(identity, recipient.value()));
        if (sync.attributes()) {
            batch.with("user_attributes", new Fields().with(archetype.key(attributeKey), archetype.value()));
        }
        if (sync.event()) {
            // custom attribute values are strings in mParticle's schema
            Fields attributes = new Fields().with("sahha_record_id", archetype.id())
                    .with("archetype_name", archetype.name())
                    .with("archetype_value", archetype.value())
                    .with("archetype_periodicity", archetype.periodicity())
                    .withOptional("archetype_data_type", archetype.dataType())
                    .withOptional("archetype_ordinality",
                            archetype.ordinality() == null ? null : archetype.ordinality().toString())
                    .withOptional("window_start", archetype.startDateTime())
                    .withOptional("window_end", archetype.endDateTime())
                    .with("created_at_utc", archetype.createdAtUtc());
            Fields data = new Fields().with("event_name", eventName)
                    .with("custom_event_type", "other")
                    .with("source_message_id", ContentIds.uuid(archetype.content("event")))
                    .with("timestamp_unixtime_ms", archetype.createdAt().toEpochMilli())
                    .with("custom_attributes", attributes);
            batch.with("events", List.of(new Fields().with("event_type", "custom_event").with("data", data)));
        }
        return List.of(VendorRequest.json(mapper, "POST", "/events", batch, auth));
    }
}
