package ai.sahha.bridge.destinations.mparticle;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
import tools.jackson.databind.ObjectMapper;

/**
 * Maps a Sahha record to one mParticle Events API batch as the mParticle tutorial does for archetypes: the person under
 * {@code user_identities} (identity type configurable), {@code user_attributes} {@code sahha_archetype_{name}},
 * and a {@code custom_event} "Sahha Archetype Assigned"; scores and biomarkers as user attributes in the same
 * style, scores and data logs as their own custom events. {@code source_request_id} and the event's
 * {@code source_message_id} are derived from the record's content. No {@code schema_version}: the published schema
 * rejects it.
 */
public class MParticleTranslator implements RecordTranslator {

    private final ObjectMapper mapper;
    private final String baseUrl;
    private final Map<String, String> auth;
    private final String environment;
    private final String identityType;
    private final Mapping mapping;

    public MParticleTranslator(ObjectMapper mapper, String baseUrl, String apiKey, String apiSecret,
                               String environment, String identityType, Mapping mapping) {
        this.mapper = mapper;
        this.baseUrl = RecordTranslator.normalizeBaseUrl(baseUrl);
        this.auth = Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((apiKey + ":" + apiSecret).getBytes(StandardCharsets.UTF_8)));
        this.environment = environment;
        this.identityType = identityType;
        this.mapping = mapping;
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public List<VendorRequest> translate(SahhaRecord record, Recipient recipient, Sync sync) {
        if (!sync.attributes() && !sync.event()) {
            return List.of();
        }
        String identity = switch (recipient.kind()) {
            case EMAIL -> "email";
            case PHONE -> "mobile_number";
            case ID -> identityType;
        };
        Fields batch = new Fields().with("environment", environment)
                .with("source_request_id", ContentIds.uuid(record.content(String.valueOf(sync))))
                .with("user_identities", new Fields().with(identity, recipient.value()));
        if (sync.attributes()) {
            batch.with("user_attributes", RecordFields.attributes(record, mapping, RecordFields.Style.SNAKE_ISO,
                    this::archetypeAttributes));
        }
        if (sync.event()) {
            // custom attribute values are strings in mParticle's schema
            Fields attributes = new Fields();
            RecordFields.event(record).forEach((key, value) -> attributes.with(key, String.valueOf(value)));
            Fields data = new Fields().with("event_name", RecordFields.eventName(record, mapping))
                    .with("custom_event_type", "other")
                    .with("source_message_id", ContentIds.uuid(record.content("event")))
                    .with("timestamp_unixtime_ms", record.createdAt().toEpochMilli())
                    .with("custom_attributes", attributes);
            batch.with("events", List.of(new Fields().with("event_type", "custom_event").with("data", data)));
        }
        return List.of(VendorRequest.json(mapper, "POST", "/events", batch, auth));
    }

    private Fields archetypeAttributes(Archetype archetype) {
        return new Fields().with(archetype.key(mapping.attributeKey()), archetype.value());
    }

    @Override
    public String manualErasure() {
        return "mParticle's Events API cannot delete: submit an erasure request (OpenDSR) in mParticle's Data Subject "
                + "Request tool for the user whose identity is the externalId";
    }
}
