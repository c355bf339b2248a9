package ai.sahha.bridge.delivery;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static ai.sahha.bridge.support.Webhooks.archetype;
import static ai.sahha.bridge.support.Webhooks.json;
import static ai.sahha.bridge.support.Webhooks.post;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.Hashing;
import ai.sahha.bridge.PersonTags;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.Webhooks;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Findings 5 and 6 of the security review. Person tags were unsalted SHA-256 of the externalId (an email-shaped id
 * is found again with a dictionary), and dead letters kept 1,000 characters of a vendor's answer, which may echo
 * the person's data; an externalId of {@code ..} went unencoded into Customer.io's URL path. Here Customer.io answers
 * 400 with an answer that repeats the person's email, phone number and id.
 */
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bridge.webhook.secret=" + Webhooks.SECRET, "management.server.port=0",
                "bridge.log-key=" + DeadLetterPrivacyTest.LOG_KEY,
                "bridge.destinations.customerio.credentials.site-id=site", "bridge.destinations.customerio.credentials.api-key=key",
                "bridge.destinations.customerio.bulk.min-items=0",
                "bridge.destinations.customerio.poll-interval-ms=50"})
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class DeadLetterPrivacyTest {

    static final String LOG_KEY = "a-key-of-this-deployment";
    private static final WireMockServer CUSTOMER_IO = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        CUSTOMER_IO.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", () -> TestDataDirs.create("dead-letter-privacy").toString());
        registry.add("bridge.destinations.customerio.base-url", CUSTOMER_IO::baseUrl);
    }

    @AfterAll
    static void stop() {
        CUSTOMER_IO.stop();
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void aDeadLetterKeepsTheVendorsStatusAndCodeWithThePersonsDataMaskedAndTheSameKeyedTagAsTheLog(
            CapturedOutput log) throws Exception {
        String person = "ana.silva@example.com";
        CUSTOMER_IO.stubFor(any(urlPathMatching("/api/v1/customers/.*")).willReturn(aResponse().withStatus(400)
                .withBody("{\"errors\":[{\"code\":\"invalid_attribute\",\"detail\":\"customer " + person
                        + " (phone +64 21 555 0123, id " + person + ") cannot be updated\"}]}")));

        assertThat(post(port, ARCHETYPE, person, json(archetype(person, "short_sleeper", "2025-07-13T13:08:53Z")))
                .statusCode()).isEqualTo(200);

        JsonNode deadLetter = awaitDeadLetter();
        String tag = new PersonTags(LOG_KEY.getBytes(StandardCharsets.UTF_8)).tag(person);
        assertThat(deadLetter.path("personTag").asString()).isEqualTo(tag)
                .isNotEqualTo(Hashing.sha256Hex(person).substring(0, 12));
        assertThat(deadLetter.path("lastHttpStatus").asInt()).isEqualTo(400);
        assertThat(deadLetter.path("lastErrorCode").asString()).isEqualTo("invalid_attribute");
        String kept = deadLetter.path("lastError").asString();
        assertThat(kept).contains("HTTP 400", "[email]", "[phone]", "cannot be updated")
                .doesNotContain(person, "ana.silva", "555 0123");
        assertThat(log).contains("(person " + tag + ")").doesNotContain(person);
    }

    @Test
    void anIdentifierOfOnlyDotsNeverReachesCustomerIosPathAndIsADeadLetterSayingWhy() throws Exception {
        CUSTOMER_IO.resetAll();
        for (String person : new String[] {".", ".."}) {
            assertThat(post(port, ARCHETYPE, person, json(archetype(person, "short_sleeper", "2025-07-13T13:08:53Z")))
                    .statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deadLetters("customerio"))
                .filteredOn(letter -> letter.path("lastError").asString().contains("only dots")).hasSize(2));
        assertThat(CUSTOMER_IO.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    private JsonNode awaitDeadLetter() {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (JsonNode letter : deadLetters("customerio")) {
                if (letter.path("lastHttpStatus").asInt() == 400) {
                    found[0] = letter;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private JsonNode deadLetters(String destination) {
        return MAPPER.readTree(Webhooks.manage(managementPort, "GET", "deadletters?destination=" + destination, null)
                .body());
    }
}
