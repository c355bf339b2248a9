package ai.sahha.bridge.intake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import ai.sahha.bridge.ExchangeVariables;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Checks Sahha's request headers and the {@code X-Signature}: lowercase or uppercase hex of HMAC-SHA256 over the
 * exact request bytes, keyed with the webhook secret as UTF-8. A previous secret may be configured during rotation;
 * either one verifies. Comparison is constant-time. On success the raw bytes are kept in the variable
 * {@code rawBody} for the steps that follow.
 */
public class SignatureVerifier implements Processor {

    static final List<String> REQUIRED_HEADERS = List.of("X-Signature", "X-External-Id", "X-Event-Type");

    private final List<Mac> keyedMacs = new ArrayList<>();

    public SignatureVerifier(String secret, String previousSecret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("a webhook secret is required");
        }
        keyedMacs.add(keyedMac(secret));
        if (previousSecret != null && !previousSecret.isBlank()) {
            keyedMacs.add(keyedMac(previousSecret));
        }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        for (String header : REQUIRED_HEADERS) {
            String value = message.getHeader(header, String.class);
            if (value == null || value.isBlank()) {
                throw new WebhookRejectedException(400, "missing header " + header);
            }
        }
        byte[] provided = parseHex(message.getHeader("X-Signature", String.class).trim());
        byte[] body = rawBody(exchange);
        if (provided == null || !matchesAnySecret(body, provided)) {
            throw new WebhookRejectedException(401, "signature does not match");
        }
        exchange.setVariable(ExchangeVariables.RAW_BODY, body);
    }

    boolean matchesAnySecret(byte[] body, byte[] provided) {
        boolean matched = false;
        for (Mac prototype : keyedMacs) {
            // every secret is tried, so the time taken does not tell which one matched
            matched |= MessageDigest.isEqual(hmac(prototype, body), provided);
        }
        return matched;
    }

    /**
     * The bytes exactly as received. platform-http hands over a byte[] or, in Camel 4.18.0 on Spring Boot, text read
     * through the request's reader, which decodes UTF-8 (the body guard has refused anything else); encoding that
     * text as UTF-8 gives back the original bytes.
     */
    static byte[] rawBody(Exchange exchange) throws InvalidPayloadException {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        return exchange.getMessage().getMandatoryBody(String.class).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] parseHex(String signature) {
        if (signature.length() != 64) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(signature);
        } catch (IllegalArgumentException notHex) {
            return null;
        }
    }

    private static Mac keyedMac(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] hmac(Mac prototype, byte[] body) {
        try {
            Mac mac = (Mac) prototype.clone();
            return mac.doFinal(body);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
