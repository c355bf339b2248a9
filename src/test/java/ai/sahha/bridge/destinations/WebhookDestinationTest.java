package ai.sahha.bridge.destinations;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static ai.sahha.bridge.support.Webhooks.archetype;
import static ai.sahha.bridge.support.Webhooks.json;
import static ai.sahha.bridge.support.Webhooks.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.Webhooks;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code webhook} destination (declarative, no Java of its own) against a real local HTTP server that verifies
 * each message as the Standard Webhooks specification says a receiver must: the signature over
 * {@code id.timestamp.body} with the shared secret, and a timestamp within five minutes of its own clock.
 */
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bridge.webhook.secret=" + Webhooks.SECRET, "management.server.port=0",
                "bridge.destinations.webhook.credentials.secret=" + WebhookDestinationTest.SECRET,
                "bridge.destinations.webhook.poll-interval-ms=50"})
@DirtiesContext
class WebhookDestinationTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Receiver RECEIVER = new Receiver();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", () -> TestDataDirs.create("webhook-destination").toString());
        registry.add("bridge.destinations.webhook.base-url", RECEIVER::url);
    }

    @AfterAll
    static void stop() {
        RECEIVER.server.stop(0);
    }

    @LocalServerPort
    int port;

    @Test
    void eachRecordReachesTheReceiverSignedAsStandardWebhooksSays() throws Exception {
        String person = "webhook-person-1";
        assertThat(post(port, ARCHETYPE, person, json(archetype(person, "short_sleeper", "2025-07-13T13:08:53Z")))
                .statusCode()).isEqualTo(200);
        byte[] biomarker = Files.readAllBytes(Path.of("..", "shared", "samples", "sahha",
                "BiomarkerCreatedIntegrationEvent.json"));
        String biomarkerPerson = MAPPER.readTree(biomarker).path("externalId").asString();
        byte[] compact = MAPPER.writeValueAsBytes(MAPPER.readTree(biomarker));
        assertThat(post(port, "BiomarkerCreatedIntegrationEvent", biomarkerPerson, compact).statusCode())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> RECEIVER.verified.size() >= 2);
        assertThat(RECEIVER.refused).isEmpty();
        JsonNode archetypeMessage = RECEIVER.verified.stream().map(MAPPER::readTree)
                .filter(message -> message.path("type").asString().equals("sahha.archetype")).findFirst().orElseThrow();
        assertThat(archetypeMessage.at("/data/externalId").asString()).isEqualTo(person);
        assertThat(archetypeMessage.at("/data/record/value").asString()).isEqualTo("short_sleeper");
        assertThat(archetypeMessage.path("timestamp").asString()).isEqualTo("2025-07-13T13:08:53Z");
        assertThat(RECEIVER.verified).anyMatch(message -> message.contains("\"type\":\"sahha.biomarker\""));
        assertThat(RECEIVER.ids).doesNotHaveDuplicates().allMatch(id -> id.startsWith("msg_"));
    }

    @Test
    void theReceiversCheckRefusesAWrongSignatureOrAnOldTimestamp() {
        String body = "{\"type\":\"sahha.archetype\"}";
        String now = String.valueOf(Instant.now().getEpochSecond());
        assertThat(Receiver.verify("msg_1", now, body, sign("msg_1", now, body))).isTrue();
        assertThat(Receiver.verify("msg_1", now, body + " ", sign("msg_1", now, body))).isFalse();
        String old = String.valueOf(Instant.now().minusSeconds(600).getEpochSecond());
        assertThat(Receiver.verify("msg_1", old, body, sign("msg_1", old, body))).isFalse();
    }

    private static String sign(String id, String timestamp, String body) {
        return "v1," + Base64.getEncoder().encodeToString(Receiver.hmac(id + "." + timestamp + "." + body));
    }

    /** A receiver doing what the Standard Webhooks specification asks of one. */
    static final class Receiver {

        final HttpServer server;
        final List<String> verified = new CopyOnWriteArrayList<>();
        final List<String> refused = new CopyOnWriteArrayList<>();
        final List<String> ids = new CopyOnWriteArrayList<>();

        Receiver() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/hooks/sahha", this::receive);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/sahha";
        }

        private void receive(HttpExchange exchange) throws IOException {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            boolean ok = verify(id, exchange.getRequestHeaders().getFirst("webhook-timestamp"), body,
                    exchange.getRequestHeaders().getFirst("webhook-signature"));
            (ok ? verified : refused).add(body);
            if (ok) {
                ids.add(id);
            }
            exchange.sendResponseHeaders(ok ? 204 : 400, -1);
            exchange.close();
        }

        static boolean verify(String id, String timestamp, String body, String signatures) {
            if (id == null || timestamp == null || signatures == null) {
                return false;
            }
            if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
                return false;
            }
            byte[] expected = hmac(id + "." + timestamp + "." + body);
            for (String signature : signatures.split(" ")) {
                if (signature.startsWith("v1,") && MessageDigest.isEqual(expected,
                        Base64.getDecoder().decode(signature.substring(3)))) {
                    return true;
                }
            }
            return false;
        }

        static byte[] hmac(String content) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())),
                        "HmacSHA256"));
                return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
