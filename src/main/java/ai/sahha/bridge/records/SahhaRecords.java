package ai.sahha.bridge.records;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Reads a journaled payload as the record its event type says it is. */
public final class SahhaRecords {

    private SahhaRecords() {
    }

    /** An ISO-8601 time with offset, as Sahha sends them; unreadable ones make the event undeliverable. */
    public static java.time.Instant instant(String dateTime) {
        return Json.instant(dateTime);
    }

    /** A journaled record, and whether it came from a backfill rather than from a webhook. */
    public record Journaled(SahhaRecord record, boolean backfilled) {
    }

    public static Journaled read(ObjectMapper mapper, String eventType, String payload) {
        JsonNode node = Json.parse(mapper, payload);
        return new Journaled(parse(eventType, node), node.path("backfilled").asBoolean(false));
    }

    public static SahhaRecord parse(ObjectMapper mapper, String eventType, String payload) {
        return parse(eventType, Json.parse(mapper, payload));
    }

    private static SahhaRecord parse(String eventType, JsonNode node) {
        return switch (eventType) {
            case Archetype.EVENT_TYPE -> Archetype.of(node);
            case Score.EVENT_TYPE -> Score.of(node);
            case Biomarker.EVENT_TYPE -> Biomarker.of(node);
            case DataLog.EVENT_TYPE -> DataLog.of(node);
            default -> throw new UndeliverableEventException("the bridge does not deliver " + eventType);
        };
    }
}
