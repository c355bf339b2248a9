package ai.sahha.bridge.destinations.iterable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.delivery.ContentIds;
import ai.sahha.bridge.delivery.UndeliverableEventException;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.destinations.Archetype;
import ai.sahha.bridge.destinations.ArchetypeTranslator;
import ai.sahha.bridge.destinations.Fields;
import ai.sahha.bridge.destinations.Sync;
import ai.sahha.bridge.identity.Recipient;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Maps an archetype to Iterable as the Iterable tutorial does: {@code POST /api/users/update} with
 * {@code sahha_archetype_{name}_*} data fields, then {@code POST /api/events/track} {@code sahha_archetype_assigned}
 * with an {@code id} that changes when the record is updated. People are keyed by email or by userId.
 */
public class IterableTranslator implements ArchetypeTranslator {

    private final ObjectMapper mapper;
    private final String baseUrl;
    private final Map<String, String> auth;
    private final String attributeKey;
    private final String eventName;

    public IterableTranslator(ObjectMapper mapper, String baseUrl, String apiKey, String attributeKey,
                              String eventName) {
        this.mapper = mapper;
        this.baseUrl = ArchetypeTranslator.normalizeBaseUrl(baseUrl);
        this.auth = Map.of("Api-Key", apiKey);
        this.attributeKey = attributeKey;
        this.eventName = eventName;
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public List<VendorRequest> translate(Archetype archetype, Recipient recipient, Sync sync) {
        String eventId = ContentIds.key(archetype.content());
        List<VendorRequest> requests = new ArrayList<>();
        if (sync.attributes()) {
            String prefix = archetype.key(attributeKey);
            Fields dataFields = new Fields().with(prefix + "_value", archetype.value())
                    .with(prefix + "_periodicity", archetype.periodicity())
                    .withOptional(prefix + "_startDateTime", archetype.startDateTime())
                    .withOptional(prefix + "_endDateTime", archetype.endDateTime())
                    .with(prefix + "_createdAtUtc", archetype.createdAtUtc())
                    .withOptional(prefix + "_ordinality", archetype.ordinality())
                    .with("sahha_archetypes_lastEventId", eventId)
                    .with("sahha_archetypes_lastUpdatedAtUtc", archetype.createdAtUtc());
            requests.add(VendorRequest.json(mapper, "POST", "/api/users/update",
                    person(recipient).with("dataFields", dataFields), auth));
        }
        if (sync.event()) {
            Fields dataFields = new Fields().with("sahha_record_id", archetype.id())
                    .with("archetype_name", archetype.name())
                    .with("archetype_value", archetype.value())
                    .with("archetype_periodicity", archetype.periodicity())
                    .withOptional("archetype_data_type", archetype.dataType())
                    .withOptional("archetype_ordinality", archetype.ordinality())
                    .withOptional("window_start", archetype.startDateTime())
                    .withOptional("window_end", archetype.endDateTime())
                    .with("created_at_utc", archetype.createdAtUtc());
            requests.add(VendorRequest.json(mapper, "POST", "/api/events/track", person(recipient)
                    .with("eventName", eventName)
                    .with("id", eventId)
                    .with("createdAt", archetype.createdAt().getEpochSecond())
                    .with("dataFields", dataFields), auth));
        }
        return requests;
    }

    /** Iterable takes an email or a userId, never both. */
    private static Fields person(Recipient recipient) {
        return switch (recipient.kind()) {
            case EMAIL -> new Fields().with("email", recipient.value());
            case ID -> new Fields().with("userId", recipient.value());
            case PHONE -> throw new UndeliverableEventException("Iterable does not key people by phone number");
        };
    }
}
