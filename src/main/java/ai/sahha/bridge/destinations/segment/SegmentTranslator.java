package ai.sahha.bridge.destinations.segment;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.delivery.ContentIds;
import ai.sahha.bridge.delivery.UndeliverableEventException;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.destinations.RecordTranslator;
import ai.sahha.bridge.destinations.Fields;
import ai.sahha.bridge.destinations.Mapping;
import ai.sahha.bridge.destinations.RecordFields;
import ai.sahha.bridge.destinations.Sync;
import ai.sahha.bridge.identity.Recipient;
import ai.sahha.bridge.records.Archetype;
import ai.sahha.bridge.records.SahhaRecord;
import tools.jackson.databind.ObjectMapper;

/**
 * Maps Sahha records to Segment's HTTP Tracking API as the Segment tutorial does for archetypes: {@code identify}
 * with the trait {@code sahha_archetype_{name}}, then {@code track} "Sahha Archetype Assigned"; scores and
 * biomarkers as traits in the same style, scores and data logs as their own track events. Every message carries a
 * content-derived {@code messageId} and the record's time. Segment answers 200 even for messages it drops, so its
 * size limit is enforced here.
 */
public class SegmentTranslator implements RecordTranslator {

    /** Segment's documented maximum for one message. */
    static final int MAX_MESSAGE_BYTES = 32 * 1024;

    private final ObjectMapper mapper;
    private final String baseUrl;
    private final Map<String, String> auth;
    private final Mapping mapping;

    public SegmentTranslator(ObjectMapper mapper, String baseUrl, String writeKey, Mapping mapping) {
        this.mapper = mapper;
        this.baseUrl = RecordTranslator.normalizeBaseUrl(baseUrl);
        this.auth = Map.of("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8)));
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
            Fields traits = RecordFields.attributes(record, mapping, RecordFields.Style.SNAKE_ISO,
                    this::archetypeTraits)
                    .withOptional("sahha_profile_id", record.profileId())
                    .withOptional("email", recipient.kind() == Recipient.Kind.EMAIL ? recipient.value() : null)
                    .withOptional("phone", recipient.kind() == Recipient.Kind.PHONE ? recipient.value() : null);
            requests.add(message("/v1/identify", message(record, recipient, "identify").with("traits", traits)));
        }
        if (sync.event()) {
            requests.add(message("/v1/track", message(record, recipient, "track")
                    .with("event", RecordFields.eventName(record, mapping)).with("properties", properties(record))));
        }
        return requests;
    }

    private Fields archetypeTraits(Archetype archetype) {
        return new Fields().with(archetype.key(mapping.attributeKey()), archetype.value())
                .withOptional("sahha_account_id", archetype.accountId())
                .with("sahha_archetype_last_updated_utc", archetype.createdAtUtc());
    }

    /** The tutorial's track properties for archetypes; the shared ones for scores and data logs. */
    private static Fields properties(SahhaRecord record) {
        if (!(record instanceof Archetype archetype)) {
            return RecordFields.event(record);
        }
        return new Fields().with("sahha_event_id", archetype.id())
                .with("archetype_name", archetype.name())
                .with("archetype_value", archetype.value())
                .withOptional("archetype_data_type", archetype.dataType())
                .with("archetype_periodicity", archetype.periodicity())
                .withOptional("archetype_ordinality", archetype.ordinality())
                .withOptional("period_start", archetype.startDateTime())
                .withOptional("period_end", archetype.endDateTime())
                .with("created_at_utc", archetype.createdAtUtc())
                .withOptional("algorithm_version", archetype.version());
    }

    private static Fields message(SahhaRecord record, Recipient recipient, String type) {
        return new Fields().with("userId", recipient.value())
                .with("messageId", "sahha-" + type + "-" + ContentIds.key(record.content(type)))
                .with("timestamp", record.createdAt().toString());
    }

    private VendorRequest message(String path, Fields body) {
        VendorRequest request = VendorRequest.json(mapper, "POST", path, body, auth);
        if (request.body().getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
            throw new UndeliverableEventException("the Segment message would exceed 32 KB, which Segment drops silently");
        }
        return request;
    }
}
