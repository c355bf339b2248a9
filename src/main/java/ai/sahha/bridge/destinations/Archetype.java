package ai.sahha.bridge.destinations;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import ai.sahha.bridge.delivery.UndeliverableEventException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One Sahha archetype record as journaled. Optional fields are null when absent; {@code ordinality} is 0-based and
 * 0 is a real value. Times keep the offset Sahha sent ({@code startDateTime} is in the person's local time).
 */
public record Archetype(String id, String profileId, String accountId, String externalId, String name, String value,
                        String dataType, String periodicity, Long ordinality, String startDateTime,
                        String endDateTime, String createdAtUtc, String version) {

    public static Archetype parse(ObjectMapper mapper, String payload) {
        JsonNode node;
        try {
            node = mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new UndeliverableEventException("journaled payload is not JSON");
        }
        Archetype archetype = new Archetype(required(node, "id"), optional(node, "profileId"),
                optional(node, "accountId"), optional(node, "externalId"), required(node, "name"),
                required(node, "value"), optional(node, "dataType"), required(node, "periodicity"),
                node.path("ordinality").isIntegralNumber() ? node.get("ordinality").asLong() : null,
                optional(node, "startDateTime"), optional(node, "endDateTime"), required(node, "createdAtUtc"),
                optional(node, "version"));
        archetype.createdAt(); // an unreadable time cannot be ordered: reject it here rather than at the vendor
        return archetype;
    }

    public Instant createdAt() {
        return instant(createdAtUtc);
    }

    /**
     * What makes this record this version of it (id, createdAtUtc, value), then any qualifiers: the parts of a
     * vendor dedupe key, which a retry repeats and an update that re-uses the Sahha id changes.
     */
    public String[] content(String... qualifiers) {
        String[] parts = new String[3 + qualifiers.length];
        parts[0] = id;
        parts[1] = createdAtUtc;
        parts[2] = value;
        System.arraycopy(qualifiers, 0, parts, 3, qualifiers.length);
        return parts;
    }

    /** The ordering key within one person: an archetype name at one periodicity. */
    public String attribute() {
        return name + "/" + periodicity;
    }

    /**
     * A vendor attribute key from a pattern such as {@code sahha_archetype_{periodicity}_{name}}: the name and
     * periodicity in lower case, anything but [a-z0-9_] as '_'.
     */
    public String key(String pattern) {
        return pattern.replace("{name}", keyPart(name)).replace("{periodicity}", keyPart(periodicity));
    }

    private static String keyPart(String part) {
        return part.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    public static Instant instant(String dateTime) {
        try {
            return OffsetDateTime.parse(dateTime).toInstant();
        } catch (DateTimeParseException e) {
            throw new UndeliverableEventException("archetype time is not ISO-8601 with an offset");
        }
    }

    private static String required(JsonNode node, String field) {
        String value = optional(node, field);
        if (value == null || value.isBlank()) {
            throw new UndeliverableEventException("archetype lacks " + field);
        }
        return value;
    }

    private static String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
