package ai.sahha.bridge.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import ai.sahha.bridge.records.Archetype;
import tools.jackson.databind.ObjectMapper;

/** Builds and sends Sahha webhooks the way Sahha does: compact JSON, hex HMAC-SHA256, the three headers. */
public final class Webhooks {

    public static final String SECRET = "test-webhook-secret";
    public static final String ARCHETYPE = "ArchetypeCreatedIntegrationEvent";
    /** The operator the build gives every test bridge (pom.xml, surefire), as an Authorization header. */
    public static final String ADMIN = "Basic " + java.util.Base64.getEncoder().encodeToString(
            "test-admin:test-admin-password".getBytes(StandardCharsets.UTF_8));

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Webhooks() {
    }

    /** An archetype shaped like shared/samples/sahha/ArchetypeCreatedIntegrationEvent.json. */
    public static Map<String, Object> archetype(String externalId, String value, String createdAtUtc) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "d2aa3724-3cb7-5a30-8635-4ae9948f9daa");
        event.put("profileId", "6be989eb-813c-4380-be85-a6a7d787da70");
        event.put("accountId", "a17fd912-46a2-48aa-be3e-1146ee2cd258");
        event.put("externalId", externalId);
        event.put("name", "sleep_duration");
        event.put("value", value);
        event.put("dataType", "ordinal");
        event.put("periodicity", "weekly");
        event.put("ordinality", 1);
        event.put("startDateTime", "2025-07-07T00:00:00+12:00");
        event.put("endDateTime", "2025-07-13T00:00:00+12:00");
        event.put("createdAtUtc", createdAtUtc);
        event.put("version", 1);
        return event;
    }

    /** The same archetype as the bridge reads it from the journal. */
    public static Archetype parsedArchetype(String externalId, String value, String createdAtUtc) {
        return Archetype.parse(MAPPER, new String(json(archetype(externalId, value, createdAtUtc)),
                java.nio.charset.StandardCharsets.UTF_8));
    }

    public static byte[] json(Map<String, Object> event) {
        return MAPPER.writeValueAsBytes(event);
    }

    public static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static HttpResponse<String> post(int port, String eventType, String externalId, byte[] body) {
        return post(port, eventType, externalId, body, sign(body, SECRET), "application/json");
    }

    /** As Sahha sends it, with a W3C {@code traceparent} header as a traced sender would add. */
    public static HttpResponse<String> postTraced(int port, String eventType, String externalId, byte[] body,
                                                  String traceParent) {
        return post(port, eventType, externalId, body, sign(body, SECRET), "application/json",
                Map.of("traceparent", traceParent));
    }

    public static HttpResponse<String> post(int port, String eventType, String externalId, byte[] body,
                                            String signature, String contentType) {
        return post(port, eventType, externalId, body, signature, contentType, Map.of());
    }

    private static HttpResponse<String> post(int port, String eventType, String externalId, byte[] body,
                                             String signature, String contentType,
                                             Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/sahha"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (signature != null) {
            request.header("X-Signature", signature);
        }
        if (externalId != null) {
            // header bytes go out as ISO-8859-1, as Sahha's and most HTTP clients' do for Latin-1 text
            request.header("X-External-Id", externalId);
        }
        if (eventType != null) {
            request.header("X-Event-Type", eventType);
        }
        return send(request.build());
    }

    /**
     * Posts with a hand-written HTTP/1.1 request so that the X-External-Id header goes out as exactly these bytes
     * (Java's HttpClient replaces non-ASCII header characters with '?'). Returns status line code and body.
     */
    public static RawResponse postRaw(int port, String eventType, byte[] externalIdHeader, byte[] body) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
            request.writeBytes(("POST /webhooks/sahha HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
                    + "X-Event-Type: " + eventType + "\r\nX-Signature: " + sign(body, SECRET) + "\r\n"
                    + "X-External-Id: ").getBytes(StandardCharsets.ISO_8859_1));
            request.writeBytes(externalIdHeader);
            request.writeBytes("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            request.writeBytes(body);
            socket.getOutputStream().write(request.toByteArray());
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            String payload = response.substring(response.indexOf("\r\n\r\n") + 4);
            // the answer may be chunked: keep just the JSON
            int start = payload.indexOf('{');
            int end = payload.lastIndexOf('}');
            return new RawResponse(status, start >= 0 && end > start ? payload.substring(start, end + 1) : payload);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public record RawResponse(int status, String body) {
    }

    /**
     * A call to an actuator endpoint on the management port, e.g. {@code ("POST", "deadletters", "{\"id\":1}")}
     * or {@code ("GET", "parked?destination=klaviyo", null)}.
     */
    public static HttpResponse<String> manage(int managementPort, String method, String endpoint, String json) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/" + endpoint))
                .header("Content-Type", "application/json").header("Authorization", ADMIN)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
