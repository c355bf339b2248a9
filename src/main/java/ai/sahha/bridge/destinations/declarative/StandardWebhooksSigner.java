package ai.sahha.bridge.destinations.declarative;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import ai.sahha.bridge.Hashing;
import ai.sahha.bridge.delivery.VendorRequest;

/**
 * Signs calls as the Standard Webhooks specification says, so receivers verify them with its libraries:
 * {@code webhook-id} (the call's content-derived dedupe key), {@code webhook-timestamp} (seconds, when it is sent)
 * and {@code webhook-signature}, {@code v1,} and the base64 of HMAC-SHA256 over {@code id.timestamp.body}. The secret
 * is given as the specification writes it ({@code whsec_} and base64); any other text is used as it is.
 */
final class StandardWebhooksSigner implements VendorRequest.Signer {

    static final String ID = "webhook-id";

    private final byte[] key;
    private final Clock clock;

    StandardWebhooksSigner(String secret) {
        this(secret, Clock.systemUTC());
    }

    StandardWebhooksSigner(String secret, Clock clock) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("standard-webhooks signing needs the credential secret");
        }
        this.key = secret.startsWith("whsec_") ? Base64.getDecoder().decode(secret.substring("whsec_".length()))
                : secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    @Override
    public Map<String, String> sign(VendorRequest request) {
        String id = request.headers().get(ID);
        if (id == null) { // a bulk call: named by what it carries
            id = "msg_" + Hashing.sha256Hex(request.body()).substring(0, 40);
        }
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signature = mac.doFinal((id + "." + timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8));
            return Map.of(ID, id, "webhook-timestamp", timestamp,
                    "webhook-signature", "v1," + Base64.getEncoder().encodeToString(signature));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
