package ai.sahha.bridge;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tag that stands for a person wherever their identifier would otherwise appear (logs, dead letters, admin
 * answers): the first 12 hex digits of HMAC-SHA256 of the externalId under the deployment's own key. The same
 * person has the same tag everywhere, so an operator can still correlate; without the key, an email-shaped id
 * cannot be found from its tag by hashing a dictionary.
 */
public final class PersonTags {

    private final Mac prototype;

    public PersonTags(byte[] key) {
        try {
            prototype = Mac.getInstance("HmacSHA256");
            prototype.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    public String tag(String externalId) {
        return externalId == null ? "-" : HexFormat.of().formatHex(mac(externalId), 0, 6);
    }

    /** The whole HMAC, as 64 hex digits: where a tag's 48 bits could collide (a suppression list). */
    public String hash(String externalId) {
        return HexFormat.of().formatHex(mac(externalId));
    }

    private byte[] mac(String externalId) {
        try {
            Mac mac = (Mac) prototype.clone();
            return mac.doFinal(externalId.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
