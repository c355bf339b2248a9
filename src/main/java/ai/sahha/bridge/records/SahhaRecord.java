package ai.sahha.bridge.records;

import java.time.Instant;

/**
 * One record Sahha sent, as the destinations see it: what identifies this version of it, what it sets on the
 * person (if anything) and in which order such settings supersede each other.
 */
public sealed interface SahhaRecord permits Archetype, Score, Biomarker, DataLog {

    /** The {@code X-Event-Type} these records arrive with. */
    String eventType();

    String externalId();

    /** Sahha's profile id, when the record carries one. */
    String profileId();

    /** When Sahha made (or received) this record; the time of the event sent for it. */
    Instant createdAt();

    /**
     * The person attribute this record sets, e.g. {@code archetype/sleep_duration/weekly}; records with the same key
     * supersede each other by {@link #ordering()}. Null for records that set no attribute (data logs).
     */
    String attribute();

    /** Position among records of the same attribute: a lower one never overwrites a higher one. */
    Ordering ordering();

    /** What a change-only destination compares to decide whether anything changed. */
    String changeValue();

    /** Whether a vendor event is sent for this record (biomarkers only set attributes). */
    boolean sendsEvent();

    /**
     * What makes this record this version of it, then any qualifiers: the parts of a vendor dedupe key, which a
     * retry repeats and an update that re-uses the Sahha id changes.
     */
    String[] content(String... qualifiers);

    /** Compared by {@code primary} (epoch ms), then {@code secondary}. */
    record Ordering(long primary, long secondary) {

        public boolean isBefore(Ordering other) {
            return primary < other.primary || primary == other.primary && secondary < other.secondary;
        }
    }

    static String[] join(String[] parts, String... qualifiers) {
        String[] all = new String[parts.length + qualifiers.length];
        System.arraycopy(parts, 0, all, 0, parts.length);
        System.arraycopy(qualifiers, 0, all, parts.length, qualifiers.length);
        return all;
    }
}
