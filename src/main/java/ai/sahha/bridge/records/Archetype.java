package ai.sahha.bridge.records;

import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A Sahha archetype (a weekly or monthly label). Optional fields are null when absent; {@code ordinality} is
 * 0-based and 0 is a real value. Times keep the offset Sahha sent. Ordered by {@code createdAtUtc}.
 */
public record Archetype(String id, String profileId, String accountId, String externalId, String name, String value,
                        String dataType, String periodicity, Long ordinality, String startDateTime,
                        String endDateTime, String createdAtUtc, String version) implements SahhaRecord {

    public static final String EVENT_TYPE = "ArchetypeCreatedIntegrationEvent";

    public static Archetype parse(ObjectMapper mapper, String payload) {
        return of(Json.parse(mapper, payload));
    }

    static Archetype of(JsonNode node) {
        String what = "archetype";
        Archetype archetype = new Archetype(Json.required(node, "id", what), Json.optional(node, "profileId"),
                Json.optional(node, "accountId"), Json.optional(node, "externalId"), Json.required(node, "name", what),
                Json.required(node, "value", what), Json.optional(node, "dataType"),
                Json.required(node, "periodicity", what), Json.integer(node, "ordinality"),
                Json.optional(node, "startDateTime"), Json.optional(node, "endDateTime"),
                Json.required(node, "createdAtUtc", what), Json.optional(node, "version"));
        archetype.createdAt(); // an unreadable time cannot be ordered: reject it here rather than at the vendor
        return archetype;
    }

    @Override
    public String eventType() {
        return EVENT_TYPE;
    }

    @Override
    public Instant createdAt() {
        return Json.instant(createdAtUtc);
    }

    @Override
    public String attribute() {
        return "archetype/" + name + "/" + periodicity;
    }

    @Override
    public Ordering ordering() {
        return new Ordering(createdAt().toEpochMilli(), 0);
    }

    @Override
    public String changeValue() {
        return value;
    }

    @Override
    public boolean sendsEvent() {
        return true;
    }

    @Override
    public String[] content(String... qualifiers) {
        return SahhaRecord.join(new String[] {id, createdAtUtc, value}, qualifiers);
    }

    /**
     * A vendor attribute key from a pattern such as {@code sahha_archetype_{periodicity}_{name}}: the name and
     * periodicity in lower case, anything but [a-z0-9_] as '_'.
     */
    public String key(String pattern) {
        return pattern.replace("{name}", Json.keyPart(name)).replace("{periodicity}", Json.keyPart(periodicity));
    }
}
