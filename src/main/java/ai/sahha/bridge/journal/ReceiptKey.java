package ai.sahha.bridge.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

import ai.sahha.bridge.Hashing;
import tools.jackson.databind.JsonNode;

/**
 * The dedupe key of a webhook, in hex: the time the event says it was created (microseconds since 1970, 8 bytes),
 * then the SHA-256 of its event type and exact bytes. The hash makes an exact redelivery a duplicate while an update
 * that re-uses a record id is new; both parts are read from the content, so a redelivery has the same key.
 * The time goes first so that the receipts' key index grows at one end: webhooks arrive roughly in the order Sahha
 * created them, and a commit then rewrites a few recent index pages instead of one page per webhook scattered over
 * the whole index (on H2 that had been half of what a journal commit cost).
 */
public final class ReceiptKey {

    /** Where each event type says when it was created; data logs only say when Sahha received them. */
    private static final String[] TIME_FIELDS = {"createdAtUtc", "receivedAtUtc"};

    private ReceiptKey() {
    }

    public static String of(JsonNode event, String eventType, byte[] body) {
        ByteBuffer key = ByteBuffer.allocate(8 + 32);
        key.putLong(micros(eventTime(event)));
        key.put(Hashing.sha256(eventType.getBytes(StandardCharsets.UTF_8), new byte[] {'\n'}, body));
        return HexFormat.of().formatHex(key.array());
    }

    /** The record's own time in a key of {@link #of} (its first 8 bytes), in epoch milliseconds. */
    public static long recordTimeMillis(byte[] key) {
        return ByteBuffer.wrap(key, 0, 8).getLong() / 1000;
    }

    /**
     * The record's own time: when Sahha created it, or for data logs when Sahha received them; 1970 when it carries
     * none (such keys still dedupe, just without the order).
     */
    public static Instant eventTime(JsonNode event) {
        for (String field : TIME_FIELDS) {
            JsonNode value = event.get(field);
            if (value != null && value.isString()) {
                try {
                    return OffsetDateTime.parse(value.asString()).toInstant();
                } catch (DateTimeParseException unreadable) {
                    return Instant.EPOCH;
                }
            }
        }
        return Instant.EPOCH;
    }

    private static long micros(Instant time) {
        if (time.isBefore(Instant.EPOCH)) {
            return 0;
        }
        // a date past the year 287,000 would not fit: it sorts last instead
        return Math.min(time.getEpochSecond(), Long.MAX_VALUE / 1_000_000L - 1) * 1_000_000L + time.getNano() / 1_000;
    }
}
