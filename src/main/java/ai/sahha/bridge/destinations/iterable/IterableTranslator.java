package ai.sahha.bridge.destinations.iterable;

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
 * Maps Sahha records to Iterable as the Iterable tutorial does for archetypes: {@code POST /api/users/update} with
 * {@code sahha_archetype_{name}_*} data fields, then {@code POST /api/events/track} {@code sahha_archetype_assigned}
 * with an {@code id} that changes when the record is updated; scores and biomarkers as data fields in the same
 * style, scores and data logs as their own events. People are keyed by email or by userId.
 */
public class IterableTranslator implements RecordTranslator {

    private final ObjectMapper mapper;
    private final String baseUrl;
    private final Map<String, String> auth;
    private final Mapping mapping;

    public IterableTranslator(ObjectMapper mapper, String baseUrl, String apiKey, Mapping mapping) {
        this.mapper = mapper;
        this.baseUrl = RecordTranslator.normalizeBaseUrl(baseUrl);
        this.auth = Map.of("Api-Key", apiKey);
        this.mapping = mapping;
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public List<VendorRequest> translate(SahhaRecord record, Recipient recipient, Sync sync) {
        String eventId = ContentIds.key(record.content());
        List<VendorRequest> requests = new ArrayList<>();
        if (sync.attributes()) {
            requests.add(VendorRequest.json(mapper, "POST", "/api/users/update",
                    person(recipient).with("dataFields", RecordFields.attributes(record, mapping,
                            RecordFields.Style.CAMEL_ISO, archetype -> archetypeDataFields(archetype, eventId))), auth));
        }
        if (sync.event()) {
            requests.add(VendorRequest.json(mapper, "POST", "/api/events/track", person(recipient)
                    .with("eventName", RecordFields.eventName(record, mapping))
                    .with("id", eventId)
                    .with("createdAt", record.createdAt().getEpochSecond())
                    .with("dataFields", RecordFields.event(record)), auth));
        }
        return requests;
    }

    private Fields archetypeDataFields(Archetype archetype, String eventId) {
        String prefix = archetype.key(mapping.attributeKey());
        return new Fields().with(prefix + "_value", archetype.value())
                .with(prefix + "_periodicity", archetype.periodicity())
                .withOptional(prefix + "_startDateTime", archetype.startDateTime())
                .withOptional(prefix + "_endDateTime", archetype.endDateTime())
                .with(prefix + "_createdAtUtc", archetype.createdAtUtc())
                .withOptional(prefix + "_ordinality", archetype.ordinality())
                .with("sahha_archetypes_lastEventId", eventId)
                .with("sahha_archetypes_lastUpdatedAtUtc", archetype.createdAtUtc());
    }

    /** Forgetting deletes the user's data and refuses any more of it (409) until they are unforgotten. */
    @Override
    public VendorRequest erasure(Recipient recipient, String requestKey) {
        return recipient.kind() == Recipient.Kind.PHONE ? null
                : VendorRequest.json(mapper, "POST", "/api/users/forget", person(recipient), auth);
    }

    @Override
    public String manualErasure() {
        return "Iterable forgets users by email or userId only: forget this person in Iterable's Privacy settings";
    }

    @Override
    public VendorRequest unerasure(Recipient recipient) {
        return recipient.kind() == Recipient.Kind.PHONE ? null
                : VendorRequest.json(mapper, "POST", "/api/users/unforget", person(recipient), auth);
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
