package ai.sahha.bridge.destinations;

import java.util.function.Function;

import ai.sahha.bridge.records.Archetype;
import ai.sahha.bridge.records.Biomarker;
import ai.sahha.bridge.records.DataLog;
import ai.sahha.bridge.records.SahhaRecord;
import ai.sahha.bridge.records.SahhaRecords;
import ai.sahha.bridge.records.Score;

/**
 * The attributes and event properties of scores, biomarkers and data logs, named in each destination's archetype
 * style. (Archetypes keep each tutorial's own mapping in the vendor's translator.)
 */
public final class RecordFields {

    /** How a destination's archetype keys look: snake_case with ISO times, with Unix seconds, or camelCase suffixes. */
    public enum Style { SNAKE_ISO, SNAKE_UNIX, CAMEL_ISO }

    private RecordFields() {
    }

    /**
     * The person attributes a record sets at a destination: scores and biomarkers named here in the destination's
     * style, archetypes by the destination's own tutorial mapping.
     */
    public static Fields attributes(SahhaRecord record, Mapping mapping, Style style,
                                    Function<Archetype, Fields> archetypeAttributes) {
        if (record instanceof Score score) {
            return scoreAttributes(score, mapping, style);
        }
        if (record instanceof Biomarker biomarker) {
            return biomarkerAttributes(biomarker, mapping, style);
        }
        return archetypeAttributes.apply((Archetype) record);
    }

    static Fields scoreAttributes(Score score, Mapping mapping, Style style) {
        String key = score.key(mapping.scoreKey());
        Fields fields = new Fields().withOptional(key, score.score()).withOptional(key + "_state", score.state());
        time(fields, key, "date", "scoreDateTime", score.scoreDateTime(), style);
        time(fields, key, "created", "createdAtUtc", score.createdAtUtc(), style);
        if (mapping.scoreFactors()) {
            score.factors().forEach(f -> fields.withOptional(key + "_factor_" + Score.factorKey(f), f.score()));
        }
        return fields;
    }

    static Fields biomarkerAttributes(Biomarker biomarker, Mapping mapping, Style style) {
        String key = biomarker.key(mapping.biomarkerKey());
        Fields fields = new Fields().with(key, biomarker.typedValue());
        if (biomarker.startDateTime() != null) {
            time(fields, key, "start", "startDateTime", biomarker.startDateTime(), style);
        }
        time(fields, key, "created", "createdAtUtc", biomarker.createdAtUtc(), style);
        return fields;
    }

    /** The event name a destination uses for this kind of record. */
    public static String eventName(SahhaRecord record, Mapping mapping) {
        return record instanceof Score ? mapping.scoreEventName()
                : record instanceof DataLog ? mapping.dataLogEventName() : mapping.eventName();
    }

    /** Event properties of an archetype, score or data log, named alike for every destination that has no own. */
    public static Fields event(SahhaRecord record) {
        if (record instanceof Score score) {
            return scoreEvent(score);
        }
        if (record instanceof DataLog log) {
            return dataLogEvent(log);
        }
        Archetype archetype = (Archetype) record;
        return new Fields().with("sahha_record_id", archetype.id())
                .with("archetype_name", archetype.name())
                .with("archetype_value", archetype.value())
                .with("archetype_periodicity", archetype.periodicity())
                .withOptional("archetype_data_type", archetype.dataType())
                .withOptional("archetype_ordinality", archetype.ordinality())
                .withOptional("window_start", archetype.startDateTime())
                .withOptional("window_end", archetype.endDateTime())
                .with("created_at_utc", archetype.createdAtUtc());
    }

    private static Fields scoreEvent(Score score) {
        Fields fields = new Fields().with("sahha_record_id", score.id())
                .with("score_type", score.type())
                .withOptional("score", score.score())
                .withOptional("state", score.state())
                .with("score_date", score.scoreDateTime())
                .with("created_at_utc", score.createdAtUtc())
                .withOptional("version", score.version());
        score.factors().forEach(f -> fields.withOptional("factor_" + Score.factorKey(f), f.score()));
        return fields;
    }

    private static Fields dataLogEvent(DataLog log) {
        return new Fields().with("log_type", log.logType())
                .with("data_type", log.dataType())
                .with("log_count", log.count())
                .with("received_at_utc", log.receivedAtUtc())
                .withOptional("first_start", log.firstStart())
                .withOptional("last_end", log.lastEnd());
    }

    /** {key}_date / {key}_date_ts / {key}_scoreDateTime, as the style says. */
    private static void time(Fields fields, String key, String snake, String camel, String dateTime, Style style) {
        switch (style) {
            case SNAKE_ISO -> fields.with(key + "_" + snake + ("created".equals(snake) ? "_at" : ""), dateTime);
            case SNAKE_UNIX -> fields.with(key + "_" + snake + "_ts",
                    SahhaRecords.instant(dateTime).getEpochSecond());
            case CAMEL_ISO -> fields.with(key + "_" + camel, dateTime);
        }
    }
}
