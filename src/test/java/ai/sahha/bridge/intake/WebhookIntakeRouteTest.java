package ai.sahha.bridge.intake;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static ai.sahha.bridge.support.Webhooks.archetype;
import static ai.sahha.bridge.support.Webhooks.json;
import static ai.sahha.bridge.support.Webhooks.post;
import static ai.sahha.bridge.support.Webhooks.sign;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.Webhooks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.EndpointInject;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every answer of POST /webhooks/sahha, over real HTTP, with the YAML intake route advised by step id so the test
 * sees exactly what reaches the journal.
 */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bridge.webhook.secret=" + Webhooks.SECRET, "bridge.webhook.max-body-size=16KB",
                "management.server.port=0"})
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class WebhookIntakeRouteTest {

    private static final Path DATA = TestDataDirs.create("intake");
    private static final String PERSON = "3f1c9a52-7e0b-4d7e-9a41-2c5d8e6b1f04";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", DATA::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    ModelCamelContext camel;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @EndpointInject("mock:journaled")
    MockEndpoint journaled;

    @EndpointInject("mock:scores")
    MockEndpoint scores;

    @BeforeEach
    void adviseOnce() throws Exception {
        if (camel.getStatus().isStarted()) {
            return;
        }
        AdviceWith.adviceWith(camel, "sahha-intake", route -> {
            route.weaveById("journal-archetype").after()
                    .setHeader("handledOn", route.getContext().resolveLanguage("simple")
                            .createExpression("${threadName}"))
                    .to("mock:journaled");
            route.weaveById("journal-score").after().to("mock:scores");
        });
        camel.start();
    }

    @AfterEach
    void reset() {
        MockEndpoint.resetMocks(camel);
    }

    @Test
    void acceptsAnArchetypeOnlyOnceItIsInTheJournal() throws Exception {
        byte[] body = json(archetype(PERSON, "short_sleeper", "2025-07-13T13:08:53.322886Z"));
        journaled.expectedMessageCount(1);
        long timedBefore = answersTimed("accepted");

        HttpResponse<String> response = post(port, ARCHETYPE, PERSON, body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"received\":true}");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().map().keySet()).noneMatch(
                name -> name.equalsIgnoreCase("X-External-Id") || name.equalsIgnoreCase("X-Signature"));
        journaled.assertIsSatisfied();
        assertThat(jdbc.queryForObject("SELECT payload FROM journal_event WHERE payload = ?", String.class,
                new String(body, StandardCharsets.UTF_8))).isEqualTo(new String(body, StandardCharsets.UTF_8));
        assertThat(answersTimed("accepted")).isEqualTo(timedBefore + 1);
    }

    private long answersTimed(String outcome) {
        Timer ack = meters.find("bridge.webhook.ack").tag("outcome", outcome).timer();
        return ack == null ? 0 : ack.count();
    }

    @Test
    void anExactRedeliveryIsADuplicateButAnUpdateThatReusesTheIdGoesThrough() throws Exception {
        String person = "redelivery-person";
        byte[] first = json(archetype(person, "short_sleeper", "2025-07-13T13:08:53Z"));
        byte[] newer = json(archetype(person, "short_sleeper", "2025-07-20T13:08:53Z"));
        byte[] changed = json(archetype(person, "average_sleeper", "2025-07-13T13:08:53Z"));
        journaled.expectedMessageCount(3);

        assertThat(post(port, ARCHETYPE, person, first).body()).isEqualTo("{\"received\":true}");
        assertThat(post(port, ARCHETYPE, person, first).body()).isEqualTo("{\"received\":true,\"duplicate\":true}");
        assertThat(post(port, ARCHETYPE, person, newer).body()).isEqualTo("{\"received\":true}");
        assertThat(post(port, ARCHETYPE, person, changed).body()).isEqualTo("{\"received\":true}");
        assertThat(post(port, ARCHETYPE, person, changed).body()).isEqualTo("{\"received\":true,\"duplicate\":true}");

        journaled.assertIsSatisfied();
        assertThat(journalCount(person)).isEqualTo(3);
    }

    @Test
    void aNonAsciiExternalIdVerifiesAndIsJournaledAsSignedWhetherTheHeaderIsLatin1OrUtf8() {
        String person = "zoë@exämple.com";
        Webhooks.RawResponse latin1 = Webhooks.postRaw(port, ARCHETYPE, person.getBytes(StandardCharsets.ISO_8859_1),
                json(archetype(person, "long_sleeper", "2025-07-13T13:08:53Z")));
        Webhooks.RawResponse utf8 = Webhooks.postRaw(port, ARCHETYPE, person.getBytes(StandardCharsets.UTF_8),
                json(archetype(person, "long_sleeper", "2025-07-14T13:08:53Z")));

        assertThat(latin1.status()).isEqualTo(200);
        assertThat(utf8.status()).isEqualTo(200);
        assertThat(utf8.body()).isEqualTo("{\"received\":true}");
        assertThat(journalCount(person)).isEqualTo(2);
    }

    @Test
    void unhandledEventTypesAreAcknowledgedAndIgnored() throws Exception {
        journaled.expectedMessageCount(0);
        HttpResponse<String> response = post(port, "SomethingNewIntegrationEvent", "ignored-person",
                "{\"externalId\":\"ignored-person\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"received\":true,\"ignored\":true}");
        journaled.assertIsSatisfied();
        assertThat(journalCount("ignored-person")).isZero();
    }

    @Test
    void missingHeadersAre400AndNothingIsJournaled() throws Exception {
        byte[] body = json(archetype(PERSON, "short_sleeper", "2025-07-13T13:08:53Z"));
        journaled.expectedMessageCount(0);
        assertError(post(port, ARCHETYPE, PERSON, body, null, "application/json"), 400, "missing header X-Signature");
        assertError(post(port, ARCHETYPE, null, body, sign(body, Webhooks.SECRET), "application/json"), 400,
                "missing header X-External-Id");
        assertError(post(port, null, PERSON, body, sign(body, Webhooks.SECRET), "application/json"), 400,
                "missing header X-Event-Type");
        journaled.assertIsSatisfied();
    }

    @Test
    void aWrongSignatureIs401() throws Exception {
        byte[] body = json(archetype(PERSON, "short_sleeper", "2025-07-13T13:08:53Z"));
        journaled.expectedMessageCount(0);
        assertError(post(port, ARCHETYPE, PERSON, body, sign(body, "another-secret"), "application/json"), 401,
                "signature does not match");
        journaled.assertIsSatisfied();
    }

    @Test
    void eachEventTypeHasItsBranchAndItsRequiredFields() throws Exception {
        scores.expectedMessageCount(1);
        String score = "{\"id\":\"s-1\",\"externalId\":\"" + PERSON + "\",\"type\":\"sleep\",\"score\":0.5,"
                + "\"state\":\"medium\",\"scoreDateTime\":\"2025-07-14T00:00:00+12:00\","
                + "\"createdAtUtc\":\"2025-07-13T19:02:26+00:00\"}";
        assertThat(post(port, "ScoreCreatedIntegrationEvent", PERSON, score.getBytes(StandardCharsets.UTF_8)).body())
                .isEqualTo("{\"received\":true}");
        scores.assertIsSatisfied();

        assertError(post(port, "ScoreCreatedIntegrationEvent", PERSON, score.replace("\"scoreDateTime\"", "\"day\"")
                .getBytes(StandardCharsets.UTF_8)), 400, "ScoreCreatedIntegrationEvent lacks required field scoreDateTime");
        assertError(post(port, "ScoreCreatedIntegrationEvent", PERSON, score.replace("0.5", "\"high\"")
                .getBytes(StandardCharsets.UTF_8)), 400, "field score is not a number");
        assertError(post(port, "BiomarkerCreatedIntegrationEvent", PERSON, ("{\"id\":\"b\",\"externalId\":\""
                + PERSON + "\",\"type\":\"steps\",\"createdAtUtc\":\"2025-07-13T12:04:17+00:00\"}")
                .getBytes(StandardCharsets.UTF_8)), 400, "BiomarkerCreatedIntegrationEvent lacks required field value");
        assertError(post(port, "DataLogReceivedIntegrationEvent", PERSON, ("{\"externalId\":\"" + PERSON
                + "\",\"logType\":\"activity\",\"dataType\":\"steps\",\"receivedAtUtc\":\"2025-07-13T21:25:42Z\","
                + "\"dataLogs\":{}}").getBytes(StandardCharsets.UTF_8)), 400, "field dataLogs is not an array");
    }

    @Test
    void correctlySignedBodiesThatAreNotValidEventsAre400() throws Exception {
        journaled.expectedMessageCount(0);
        assertError(post(port, ARCHETYPE, PERSON, "[{\"a\":1}]".getBytes(StandardCharsets.UTF_8)), 400,
                "body must be a JSON object");
        assertError(post(port, ARCHETYPE, PERSON, "{\"id\":".getBytes(StandardCharsets.UTF_8)), 400,
                "body is not valid JSON");
        Map<String, Object> lacksValue = archetype(PERSON, "short_sleeper", "2025-07-13T13:08:53Z");
        lacksValue.remove("value");
        assertError(post(port, ARCHETYPE, PERSON, json(lacksValue)), 400,
                "ArchetypeCreatedIntegrationEvent lacks required field value");
        Map<String, Object> badDate = archetype(PERSON, "short_sleeper", "yesterday");
        assertError(post(port, ARCHETYPE, PERSON, json(badDate)), 400, "createdAtUtc");
        assertError(post(port, ARCHETYPE, "someone-else",
                json(archetype(PERSON, "short_sleeper", "2025-07-13T13:08:53Z"))), 400,
                "externalId in the body does not match X-External-Id");
        journaled.assertIsSatisfied();
    }

    @Test
    void bodiesThatAreTooLargeAre413WhetherOrNotTheyDeclareTheirLength() {
        byte[] large = ("{\"pad\":\"" + "x".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertError(post(port, ARCHETYPE, PERSON, large), 413, "body larger than 16384 bytes");

        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/sahha"))
                .header("Content-Type", "application/json").header("X-Signature", sign(large, Webhooks.SECRET))
                .header("X-External-Id", PERSON).header("X-Event-Type", ARCHETYPE)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large))).build();
        assertError(Webhooks.send(chunked), 413, "body larger than");
    }

    @Test
    void aBodyThatIsNotUtf8Is400NotA500() {
        byte[] latin1 = "{\"externalId\":\"zoë\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertError(post(port, ARCHETYPE, "zoë", latin1), 400, "body is not valid UTF-8");
    }

    @Test
    void formEncodedBodiesAre415() {
        byte[] body = json(archetype(PERSON, "short_sleeper", "2025-07-13T13:08:53Z"));
        assertError(post(port, ARCHETYPE, PERSON, body, sign(body, Webhooks.SECRET),
                "application/x-www-form-urlencoded"), 415, "Content-Type must be application/json");
    }

    @Test
    void loadBalancersCanProbeThePathAndHealth() {
        for (String path : new String[] {"/webhooks/sahha", "/health"}) {
            HttpResponse<String> get = Webhooks.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).GET().build());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo("{\"status\":\"UP\"}");
            HttpResponse<String> head = Webhooks.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build());
            assertThat(head.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theWebhookRouteRunsOnTheRequestThreadAndMethodsNoRouteTakesAre405() throws Exception {
        byte[] body = json(archetype("inline-person", "short_sleeper", "2025-07-13T13:08:53Z"));
        journaled.expectedMessageCount(1);

        assertThat(post(port, ARCHETYPE, "inline-person", body).statusCode()).isEqualTo(200);

        journaled.assertIsSatisfied();
        // no hand-off to a second pool (and a second dispatch) per webhook: that halves what the port can take
        assertThat(journaled.getExchanges().get(0).getMessage().getHeader("handledOn", String.class))
                .startsWith("http-nio-");
        for (String method : new String[] {"PUT", "DELETE", "PATCH"}) {
            HttpResponse<String> response = Webhooks.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/webhooks/sahha"))
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build());
            assertThat(response.statusCode()).as(method).isEqualTo(405);
        }
    }

    @Test
    void whenTheDatabaseCannotTakeTheEventTheAnswerIs503AndTheRetryIsAccepted() {
        String person = "db-outage-person";
        byte[] body = json(archetype(person, "short_sleeper", "2025-07-13T13:08:53Z"));
        jdbc.execute("ALTER TABLE webhook_receipt RENAME TO webhook_receipt_away");
        try {
            HttpResponse<String> refused = post(port, ARCHETYPE, person, body);
            assertError(refused, 503, "retry later");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        } finally {
            jdbc.execute("ALTER TABLE webhook_receipt_away RENAME TO webhook_receipt");
        }
        HttpResponse<String> retried = post(port, ARCHETYPE, person, body);
        assertThat(retried.body()).isEqualTo("{\"received\":true}");
        assertThat(journalCount(person)).isEqualTo(1);
    }

    @Test
    void logsNeverCarryTheSecretOrThePersonOrTheirHealthData(CapturedOutput output) {
        String person = "private.person@example.com";
        byte[] body = json(archetype(person, "very_short_sleeper", "2025-07-13T13:08:53Z"));
        post(port, ARCHETYPE, person, body);
        post(port, ARCHETYPE, person, body, sign(body, "wrong"), "application/json");
        post(port, "SomethingNewIntegrationEvent", person, body);
        post(port, ARCHETYPE, "other@example.com", body);

        assertThat(output.getAll()).doesNotContain(person).doesNotContain("very_short_sleeper")
                .doesNotContain(Webhooks.SECRET);
    }

    private int journalCount(String externalId) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM journal_event WHERE external_id = ?",
                Integer.class, externalId);
        return count == null ? 0 : count;
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).startsWith("{\"error\":\"").contains(message);
    }
}
