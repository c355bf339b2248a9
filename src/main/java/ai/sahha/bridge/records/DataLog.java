package ai.sahha.bridge.records;

import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A batch of raw Sahha data logs, summarised: only destinations that enable data logs get it, as an event; it sets
 * no attribute. {@code firstStart} and {@code lastEnd} span the logs' periods.
 */
public record DataLog(String profileId, String accountId, String externalId, String receivedAtUtc, String logType,
                      String dataType, int count, String firstStart, String lastEnd, String firstLogId)
        implements SahhaRecord {

    public static final String EVENT_TYPE = "DataLogReceivedIntegrationEvent";

    public static DataLog parse(ObjectMapper mapper, String payload) {
        return of(Json.parse(mapper, payload));
    }

    static DataLog of(JsonNode node) {
        String what = "data log";
        String firstStart = null;
        String lastEnd = null;
        String firstLogId = null;
        int count = 0;
        for (JsonNode log : node.path("dataLogs")) {
            count++;
            String start = Json.optional(log, "startDateTime");
            String end = Json.optional(log, "endDateTime");
            if (start != null && (firstStart == null || Json.instant(start).isBefore(Json.instant(firstStart)))) {
                firstStart = start;
            }
            if (end != null && (lastEnd == null || Json.instant(end).isAfter(Json.instant(lastEnd)))) {
                lastEnd = end;
            }
            if (firstLogId == null) {
                firstLogId = Json.optional(log, "id");
            }
        }
        DataLog dataLog = new DataLog(Json.optional(node, "profileId"), Json.optional(node, "accountId"),
                Json.optional(node, "externalId"), Json.required(node, "receivedAtUtc", what),
                Json.required(node, "logType", what), Json.required(node, "dataType", what), count, firstStart,
                lastEnd, firstLogId);
        dataLog.createdAt();
        return dataLog;
    }

    @Override
    public String eventType() {
        return EVENT_TYPE;
    }

    @Override
    public Instant createdAt() {
        return Json.instant(receivedAtUtc);
    }

    @Override
    public String attribute() {
        return null;
    }

    @Override
    public Ordering ordering() {
        return new Ordering(createdAt().toEpochMilli(), 0);
    }

    @Override
    public String changeValue() {
        return receivedAtUtc + "/" + count;
    }

    @Override
    public boolean sendsEvent() {
        return true;
    }

    @Override
    public String[] content(String... qualifiers) {
        return SahhaRecord.join(new String[] {receivedAtUtc, logType, dataType, String.valueOf(firstLogId),
                String.valueOf(count)}, qualifiers);
    }
}
