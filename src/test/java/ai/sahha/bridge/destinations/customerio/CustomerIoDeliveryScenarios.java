package ai.sahha.bridge.destinations.customerio;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static ai.sahha.bridge.support.Webhooks.archetype;
import static ai.sahha.bridge.support.Webhooks.json;
import static ai.sahha.bridge.support.Webhooks.post;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.Contracts;
import ai.sahha.bridge.support.Webhooks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Customer.io delivery end to end: signed webhooks in over HTTP, a real HTTP server standing in for Customer.io,
 * every request checked against Customer.io's Track API contract. Each test uses its own person, so its calls
 * can be told apart. Subclasses choose the database.
 */
@CamelSpringBootTest
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "bridge.webhook.secret=" + Webhooks.SECRET,
                "management.server.port=0",
                // call by call, whatever a claim's size: BulkDeliveryTest covers bulk calls
                "bridge.destinations.customerio.bulk.min-items=0",
                "bridge.destinations.customerio.credentials.site-id=test-site",
                "bridge.destinations.customerio.credentials.api-key=test-key",
                "bridge.destinations.customerio.poll-interval-ms=50",
                "bridge.destinations.customerio.redelivery.maximum-redeliveries=2",
                "bridge.destinations.customerio.redelivery.delay-ms=100",
                "bridge.destinations.customerio.redelivery.maximum-delay-ms=200",
                "bridge.delivery.reschedule-initial=300ms",
                "bridge.delivery.reschedule-maximum=1s",
                "camel.component.http.so-timeout=1000",
                "camel.component.http.response-timeout=1000"})
@DirtiesContext
abstract class CustomerIoDeliveryScenarios {

    static final WireMockServer CUSTOMER_IO = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration DELIVERED_WITHIN = Duration.ofSeconds(20);

    static {
        CUSTOMER_IO.start();
        CUSTOMER_IO.stubFor(any(urlPathEqualTo("/api/v1/accounts/region")).willReturn(ok()));
    }

    static void customerIo(DynamicPropertyRegistry registry) {
        registry.add("bridge.destinations.customerio.base-url", CUSTOMER_IO::baseUrl);
    }

    @AfterAll
    static void stopCustomerIo() {
        CUSTOMER_IO.resetAll();
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anAcceptedArchetypeReachesCustomerIoAsIdentifyThenEvent() throws Exception {
        String person = "zoë@exämple.com";
        String path = "/api/v1/customers/zo%C3%AB%40ex%C3%A4mple.com";
        answer(path, ok("{}"));
        answer(path + "/events", ok("{}"));

        Webhooks.RawResponse accepted = Webhooks.postRaw(port, ARCHETYPE, person.getBytes(StandardCharsets.ISO_8859_1),
                json(archetype(person, "short_sleeper", "2025-07-13T13:08:53.322886Z")));
        assertThat(accepted.status()).isEqualTo(200);

        awaitDelivered(path);
        LoggedRequest identify = requests(path, "PUT").get(0);
        LoggedRequest event = requests(path + "/events", "POST").get(0);
        assertThat(identify.getHeader("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("test-site:test-key".getBytes(StandardCharsets.UTF_8)));
        assertThat(identify.getHeader("Content-Type")).startsWith("application/json");
        assertThat(Contracts.customerIoIdentifyErrors(identify.getBodyAsString())).isEmpty();
        assertThat(Contracts.customerIoEventErrors(event.getBodyAsString())).isEmpty();
        JsonNode attributes = MAPPER.readTree(identify.getBodyAsString());
        assertThat(attributes.get("sahha_archetype_weekly_sleep_duration").asString()).isEqualTo("short_sleeper");
        assertThat(attributes.get("_timestamp").asLong()).isEqualTo(1752412133L);
        assertThat(attributes.has("id") || attributes.has("email")).isFalse();
        assertThat(identify.getLoggedDate()).isBeforeOrEqualTo(event.getLoggedDate());
        // nothing of Sahha's request (signature, person header) is passed on
        assertThat(identify.getHeaders().keys()).noneMatch(h -> h.equalsIgnoreCase("X-Signature")
                || h.equalsIgnoreCase("X-External-Id") || h.equalsIgnoreCase("X-Event-Type"));
    }

    @Test
    void a429WithRetryAfterIsWaitedOutAndThenDelivered() {
        String person = "rate-limited-person";
        String path = "/api/v1/customers/" + person;
        CUSTOMER_IO.stubFor(any(urlEqualTo(path)).inScenario("429").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("limited"));
        CUSTOMER_IO.stubFor(any(urlEqualTo(path)).inScenario("429").whenScenarioStateIs("limited")
                .willReturn(ok("{}")));
        answer(path + "/events", ok("{}"));

        accept(person, "short_sleeper");

        awaitDelivered(path);
        List<LoggedRequest> identifies = requests(path, "PUT");
        assertThat(identifies).hasSize(2);
        assertThat(Duration.between(identifies.get(0).getLoggedDate().toInstant(),
                identifies.get(1).getLoggedDate().toInstant())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void aRetryAfterLongerThanTheInProcessCapIsWaitedOutInTheJournalNotInMemory() throws Exception {
        String person = "long-wait-person";
        String path = "/api/v1/customers/" + person;
        answer(path, aResponse().withStatus(429).withHeader("Retry-After", "120"));
        long before = System.currentTimeMillis();

        accept(person, "short_sleeper");

        await().atMost(DELIVERED_WITHIN).until(() -> delivery(person, "attempts", Integer.class) == 1);
        Long nextAttempt = delivery(person, "next_attempt_at", Long.class);
        assertThat(nextAttempt).isGreaterThanOrEqualTo(before + 1_000); // capped by reschedule-maximum (1s here)
        assertThat(status(person)).isEqualTo("PENDING");
        assertThat(requests(path, "PUT")).hasSize(1);
    }

    @Test
    void aLongRunOf500sIsRetriedFromTheJournalUntilDelivered() {
        String person = "outage-person";
        String path = "/api/v1/customers/" + person;
        failTimes(path, 5, aResponse().withStatus(503).withBody("{\"meta\":{\"errors\":[\"down\"]}}"));
        answer(path + "/events", ok("{}"));

        accept(person, "short_sleeper");

        awaitDelivered(path);
        assertThat(requests(path, "PUT")).hasSize(6);
        assertThat(delivery(person, "attempts", Integer.class)).isGreaterThan(1);
    }

    @Test
    void aTimeoutIsRetriedAndDelivered() {
        String person = "slow-person";
        String path = "/api/v1/customers/" + person;
        failTimes(path, 1, aResponse().withStatus(200).withFixedDelay(2500));
        answer(path + "/events", ok("{}"));

        accept(person, "short_sleeper");

        awaitDelivered(path);
        assertThat(requests(path, "PUT")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void a400IsADeadLetterAtOnceWithTheVendorsAnswerAndReplayDeliversIt() throws Exception {
        String person = "rejected-person";
        String path = "/api/v1/customers/" + person;
        answer(path, aResponse().withStatus(400).withBody("{\"meta\":{\"errors\":[\"bad attribute\"]}}"));
        answer(path + "/events", ok("{}"));

        accept(person, "short_sleeper");

        await().atMost(DELIVERED_WITHIN).until(() -> deadLetters("customerio").size() > 0);
        JsonNode letter = deadLetters("customerio").stream()
                .filter(l -> "DEAD".equals(status(person))).findFirst().orElseThrow();
        assertThat(letter.get("lastHttpStatus").asInt()).isEqualTo(400);
        assertThat(letter.get("lastError").asString()).contains("bad attribute");
        assertThat(letter.toString()).doesNotContain(person);
        assertThat(requests(path, "PUT")).hasSize(1);
        assertThat(requests(path + "/events", "POST")).isEmpty();

        answer(path, ok("{}"));
        HttpResponse<String> replay = manage("POST", "{\"id\":" + letter.get("id").asLong() + "}");
        assertThat(replay.body()).contains("\"replayed\":1");
        awaitDelivered(path);
        assertThat(status(person)).isEqualTo("DELIVERED");
    }

    @Test
    void deadLettersCanBeReplayedForADestinationSinceATime() {
        String person = "bulk-replay-person";
        String path = "/api/v1/customers/" + person;
        answer(path, aResponse().withStatus(422));
        answer(path + "/events", ok("{}"));
        accept(person, "short_sleeper");
        await().atMost(DELIVERED_WITHIN).until(() -> "DEAD".equals(status(person)));

        answer(path, ok("{}"));
        HttpResponse<String> replay = manage("POST", "{\"destination\":\"customerio\",\"since\":\"2020-01-01\"}");
        assertThat(replay.statusCode()).isEqualTo(200);
        awaitDelivered(path);
        assertThat(manage("POST", "{}").statusCode()).isEqualTo(400);
    }

    void accept(String person, String value) {
        HttpResponse<String> response = post(port, ARCHETYPE, person,
                json(archetype(person, value, "2025-07-13T13:08:53Z")));
        assertThat(response.body()).isEqualTo("{\"received\":true}");
    }

    String status(String person) {
        return delivery(person, "status", String.class);
    }

    /** One column of the person's (only) Customer.io delivery row, or null before it exists. */
    <T> T delivery(String person, String column, Class<T> type) {
        List<T> values = jdbc.queryForList("SELECT d." + column + " FROM delivery_status d JOIN journal_event e"
                + " ON e.id = d.event_id WHERE e.external_id = ?", type, person);
        return values.isEmpty() ? null : values.get(0);
    }

    void awaitDelivered(String path) {
        await().atMost(DELIVERED_WITHIN).untilAsserted(() -> {
            assertThat(requests(path + "/events", "POST")).isNotEmpty();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivery_status WHERE status <> 'DELIVERED'"
                    + " AND event_id IN (SELECT id FROM journal_event WHERE external_id = ?)", Integer.class,
                    URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8)))
                    .isZero();
        });
    }

    static void answer(String path, ResponseDefinitionBuilder response) {
        CUSTOMER_IO.stubFor(any(urlEqualTo(path)).willReturn(response));
    }

    static void failTimes(String path, int times, ResponseDefinitionBuilder failure) {
        String scenario = "fail-" + path;
        for (int i = 0; i < times; i++) {
            CUSTOMER_IO.stubFor(any(urlEqualTo(path)).inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? STARTED : "failed-" + i)
                    .willReturn(failure).willSetStateTo("failed-" + (i + 1)));
        }
        CUSTOMER_IO.stubFor(any(urlEqualTo(path)).inScenario(scenario).whenScenarioStateIs("failed-" + times)
                .willReturn(ok("{}")));
    }

    static List<LoggedRequest> requests(String path, String method) {
        return CUSTOMER_IO.findAll(("PUT".equals(method) ? putRequestedFor(urlEqualTo(path))
                : postRequestedFor(urlEqualTo(path))).withHeader("Content-Type", equalTo("application/json")));
    }

    List<JsonNode> deadLetters(String destination) throws Exception {
        HttpResponse<String> response = Webhooks.manage(managementPort, "GET", "deadletters?destination=" + destination,
                null);
        List<JsonNode> letters = new ArrayList<>();
        MAPPER.readTree(response.body()).forEach(letters::add);
        return letters;
    }

    HttpResponse<String> manage(String method, String json) {
        return Webhooks.manage(managementPort, method, "deadletters", json);
    }
}
