package ai.sahha.bridge.records;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Reading journaled Sahha payloads: a field that is missing where it is needed makes the event undeliverable. */
final class Json {

    private Json() {
    }

    static JsonNode parse(ObjectMapper mapper, String payload) {
        try {
            JsonNode node = mapper.readTree(payload);
            if (node == null || !node.isObject()) {
                throw new UndeliverableEventException("journaled payload is not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new UndeliverableEventException("journaled payload is not JSON");
        }
    }

    static String required(JsonNode node, String field, String what) {
        String value = optional(node, field);
        if (value == null || value.isBlank()) {
            throw new UndeliverableEventException(what + " lacks " + field);
        }
        return value;
    }

    static String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        // an object or array where a value belongs reads as missing (Jackson 3's asString() would throw)
        return value == null || value.isNull() ? null : value.asString(null);
    }

    static Long integer(JsonNode node, String field) {
        return node.path(field).isIntegralNumber() ? node.get(field).asLong() : null;
    }

    static Double number(JsonNode node, String field) {
        return node.path(field).isNumber() ? node.get(field).asDouble() : null;
    }

    static Instant instant(String dateTime) {
        try {
            return OffsetDateTime.parse(dateTime).toInstant();
        } catch (DateTimeParseException e) {
            throw new UndeliverableEventException("a time is not ISO-8601 with an offset");
        }
    }

    /** A key part: lower case, anything but [a-z0-9_] as '_'. */
    static String keyPart(String part) {
        return part == null ? "" : part.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }
}
