package ai.sahha.bridge.delivery;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import ai.sahha.bridge.Hashing;

/**
 * Deterministic ids for vendor-side dedupe, derived from a record's content (its id, createdAtUtc and value), never
 * from the Sahha id alone: a retry repeats the id, an updated record that re-uses its Sahha id gets a new one.
 */
public final class ContentIds {

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private ContentIds() {
    }

    /** A ULID (26 Crockford base-32 characters): 48-bit milliseconds of {@code time}, then 80 bits of the hash. */
    public static String ulid(Instant time, String... content) {
        byte[] hash = Hashing.sha256(String.join("\u001f", content).getBytes(StandardCharsets.UTF_8));
        byte[] bits = new byte[16];
        long millis = Math.max(0, time.toEpochMilli());
        for (int i = 0; i < 6; i++) {
            bits[i] = (byte) (millis >>> (40 - 8 * i));
        }
        System.arraycopy(hash, 0, bits, 6, 10);
        // 128 bits in 26 characters of 5 bits: the first character carries the top 3 bits
        char[] out = new char[26];
        BigInteger value = new BigInteger(1, bits);
        for (int i = 25; i >= 0; i--) {
            out[i] = CROCKFORD[value.intValue() & 31];
            value = value.shiftRight(5);
        }
        return new String(out);
    }

    /** A name-based UUID (RFC 4122 version 3) of the content, for vendors whose dedupe key must be a UUID. */
    public static String uuid(String... content) {
        return UUID.nameUUIDFromBytes(String.join("\u001f", content).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** 40 hex digits of the content's SHA-256, for vendors that take any short string as a dedupe key. */
    public static String key(String... content) {
        return Hashing.sha256Hex(String.join("\u001f", content)).substring(0, 40);
    }
}
