package ai.sahha.bridge.records;

import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A Sahha biomarker ({@code steps}, {@code sleep_duration}, …). Sahha sends {@code value} as a string; {@link #typedValue()}
 * converts it by {@code valueType}. It sets an attribute and sends no event; ordered by the period it measures,
 * then by {@code createdAtUtc}.
 */
public record Biomarker(String id, String profileId, String accountId, String externalId, String category,
                        String type, String periodicity, String aggregation, String value, String unit,
                        String valueType, String startDateTime, String endDateTime, String createdAtUtc,
                        String version) implements SahhaRecord {

    public static final String EVENT_TYPE = "BiomarkerCreatedIntegrationEvent";

    public static Biomarker parse(ObjectMapper mapper, String payload) {
        return of(Json.parse(mapper, payload));
    }

    static Biomarker of(JsonNode node) {
        String what = "biomarker";
        Biomarker biomarker = new Biomarker(Json.required(node, "id", what), Json.optional(node, "profileId"),
                Json.optional(node, "accountId"), Json.optional(node, "externalId"), Json.optional(node, "category"),
                Json.required(node, "type", what), Json.optional(node, "periodicity"),
                Json.optional(node, "aggregation"), Json.required(node, "value", what), Json.optional(node, "unit"),
                Json.optional(node, "valueType"), Json.optional(node, "startDateTime"),
                Json.optional(node, "endDateTime"), Json.required(node, "createdAtUtc", what),
                Json.optional(node, "version"));
        biomarker.ordering();
        biomarker.typedValue();
        return biomarker;
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
        return "biomarker/" + type;
    }

    @Override
    public Ordering ordering() {
        long period = startDateTime == null ? createdAt().toEpochMilli() : Json.instant(startDateTime).toEpochMilli();
        return new Ordering(period, createdAt().toEpochMilli());
    }

    @Override
    public String changeValue() {
        return value;
    }

    @Override
    public boolean sendsEvent() {
        return false;
    }

    @Override
    public String[] content(String... qualifiers) {
        return SahhaRecord.join(new String[] {id, createdAtUtc, value}, qualifiers);
    }

    /** The value as its {@code valueType} says: a long, a double, or (datetime and anything else) the string. */
    public Object typedValue() {
        try {
            return switch (valueType == null ? "" : valueType) {
                case "integer" -> Long.parseLong(value.strip());
                case "double", "float", "decimal" -> Double.parseDouble(value.strip());
                default -> value;
            };
        } catch (NumberFormatException e) {
            throw new UndeliverableEventException("biomarker value is not a " + valueType);
        }
    }

    /** {@code {type}}, {@code {unit}} and {@code {periodicity}} in the pattern, as key parts. */
    public String key(String pattern) {
        return pattern.replace("{type}", Json.keyPart(type)).replace("{unit}", Json.keyPart(unit))
                .replace("{periodicity}", Json.keyPart(periodicity));
    }
}
