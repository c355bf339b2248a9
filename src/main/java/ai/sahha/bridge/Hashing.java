package ai.sahha.bridge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers, including the short hashes used wherever a person's identifier would otherwise be logged. */
public final class Hashing {

    private Hashing() {
    }

    public static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A stable, non-reversible tag for an identifier, safe to log: the first 12 hex digits of its SHA-256. */
    public static String logTag(String identifier) {
        return identifier == null ? "-" : sha256Hex(identifier).substring(0, 12);
    }
}
