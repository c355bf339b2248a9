package ai.sahha.bridge.destinations;

import static ai.sahha.bridge.support.VendorStandIn.CIO;
import static ai.sahha.bridge.support.VendorStandIn.ITERABLE_TRACK;
import static ai.sahha.bridge.support.VendorStandIn.ITERABLE_UPDATE;
import static ai.sahha.bridge.support.VendorStandIn.KLAVIYO_EVENT;
import static ai.sahha.bridge.support.VendorStandIn.KLAVIYO_PROFILE;
import static ai.sahha.bridge.support.VendorStandIn.MPARTICLE_EVENTS;
import static ai.sahha.bridge.support.VendorStandIn.SEGMENT_IDENTIFY;
import static ai.sahha.bridge.support.VendorStandIn.SEGMENT_TRACK;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.Contracts;
import ai.sahha.bridge.support.VendorStandIn;
import ai.sahha.bridge.support.Webhooks;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * All five destinations at once, against one local stand-in for the vendors: fan-out with one vendor failing,
 * ordering of out-of-order and re-used-id records, change-only, and identity parking. Klaviyo keys people by
 * phone number from the identity table; Iterable by email (the externalId) and only forwards changes.
 * Subclasses choose the database.
 */
@CamelSpringBootTest
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "bridge.webhook.secret=" + Webhooks.SECRET,
                "management.server.port=0",
                // call by call, whatever a claim's size: BulkDeliveryTest covers bulk calls
                "bridge.destinations.customerio.bulk.min-items=0",
                "bridge.destinations.segment.bulk.min-items=0",
                "bridge.destinations.iterable.bulk.min-items=0",
                "bridge.destinations.klaviyo.bulk.min-items=0",
                "bridge.destinations.mparticle.bulk.min-items=0",
                "bridge.destinations.customerio.credentials.site-id=site",
                "bridge.destinations.customerio.credentials.api-key=key",
                "bridge.destinations.segment.credentials.write-key=write-key",
                "bridge.destinations.iterable.credentials.api-key=iterable-key",
                "bridge.destinations.iterable.mapping.change-only=true",
                "bridge.destinations.klaviyo.credentials.private-api-key=pk_test",
                "bridge.destinations.klaviyo.identity.strategy=lookup-table",
                "bridge.destinations.klaviyo.identity.lookup-field=phone",
                "bridge.destinations.mparticle.credentials.api-key=mp-key",
                "bridge.destinations.mparticle.credentials.api-secret=mp-secret",
                "bridge.destinations.customerio.poll-interval-ms=50",
                "bridge.destinations.segment.poll-interval-ms=50",
                "bridge.destinations.iterable.poll-interval-ms=50",
                "bridge.destinations.klaviyo.poll-interval-ms=50",
                "bridge.destinations.mparticle.poll-interval-ms=50",
                "bridge.destinations.segment.events.data-logs=true",
                "bridge.destinations.segment.redelivery.maximum-redeliveries=1",
                "bridge.destinations.segment.redelivery.delay-ms=100",
                "bridge.delivery.reschedule-initial=300ms",
                "bridge.delivery.reschedule-maximum=1s"})
@DirtiesContext
public abstract class FanOutScenarios {

    static final VendorStandIn VENDORS = new VendorStandIn();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final String T1 = "2025-07-13T13:08:53Z";
    private static final String T2 = "2025-07-20T13:08:53Z";
    private static final List<String> DESTINATIONS = VendorStandIn.DESTINATIONS;

    protected static void vendors(DynamicPropertyRegistry registry) {
        VENDORS.baseUrls(registry);
    }

    @BeforeEach
    void allVendorsHealthy() {
        VENDORS.healthy();
    }

    /** The H2 and PostgreSQL variants share the stand-in and the people's names. */
    @AfterAll
    static void forgetRequests() {
        VENDORS.server().resetRequests();
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void oneFailingVendorDelaysNobodyElseAndCatchesUpAfterItsOutage() throws Exception {
        List<String> people = IntStream.range(0, 10).mapToObj(i -> "fanout-" + i + "@example.com").toList();
        StringBuilder csv = new StringBuilder("external_id,phone\n");
        IntStream.range(0, 10).forEach(i -> csv.append(people.get(i)).append(",+6421000000").append(i).append('\n'));
        assertThat(manage("POST", "identities", MAPPER.writeValueAsString(Map.of("csv", csv.toString()))).statusCode())
                .isEqualTo(200);
        VENDORS.server().stubFor(post(urlPathMatching("/v1/.*")).atPriority(1)
                .withRequestBody(containing("fanout-")).willReturn(aResponse().withStatus(500)));

        people.forEach(person -> accept(person, "short_sleeper", T1));

        await().atMost(WITHIN).untilAsserted(() -> people.forEach(person -> {
            for (String destination : List.of("customerio", "iterable", "klaviyo", "mparticle")) {
                assertThat(status(person, destination)).as(destination).isEqualTo("DELIVERED");
            }
        }));
        for (int i = 0; i < people.size(); i++) {
            String person = people.get(i);
            String phone = "+6421000000" + i;
            assertThat(VENDORS.calls("PUT", CIO, person)).hasSize(1);
            assertThat(VENDORS.calls("POST", CIO + "events", person)).hasSize(1);
            assertThat(VENDORS.calls("POST", ITERABLE_UPDATE, person)).hasSize(1);
            assertThat(VENDORS.calls("POST", ITERABLE_TRACK, person)).hasSize(1);
            assertThat(VENDORS.calls("POST", KLAVIYO_PROFILE, phone)).hasSize(1);
            assertThat(VENDORS.calls("POST", KLAVIYO_EVENT, phone)).hasSize(1);
            assertThat(VENDORS.calls("POST", MPARTICLE_EVENTS, person)).hasSize(1);
            assertThat(status(person, "segment")).isEqualTo("PENDING");
        }
        assertThat(VENDORS.calls("POST", SEGMENT_IDENTIFY, "fanout-")).isNotEmpty();
        String first = people.get(0);
        assertThat(Contracts.customerIoIdentifyErrors(body(VENDORS.calls("PUT", CIO, first)))).isEmpty();
        assertThat(Contracts.customerIoEventErrors(body(VENDORS.calls("POST", CIO + "events", first)))).isEmpty();
        assertThat(Contracts.iterableErrors("ApiUserUpdateRequest", body(VENDORS.calls("POST", ITERABLE_UPDATE, first))))
                .isEmpty();
        assertThat(Contracts.iterableErrors("TrackRequest", body(VENDORS.calls("POST", ITERABLE_TRACK, first)))).isEmpty();
        assertThat(Contracts.klaviyoErrors("create_or_update_profile",
                body(VENDORS.calls("POST", KLAVIYO_PROFILE, "+64210000000")))).isEmpty();
        assertThat(Contracts.klaviyoErrors("create_event", body(VENDORS.calls("POST", KLAVIYO_EVENT, "+64210000000"))))
                .isEmpty();
        assertThat(Contracts.mparticleBatchErrors(body(VENDORS.calls("POST", MPARTICLE_EVENTS, first)))).isEmpty();

        // Segment comes back, first throttling with Retry-After, then accepting
        VENDORS.server().stubFor(post(urlPathMatching("/v1/.*")).atPriority(1).withRequestBody(containing("fanout-"))
                .inScenario("recovery").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("recovered"));
        VENDORS.server().stubFor(post(urlPathMatching("/v1/.*")).atPriority(1).withRequestBody(containing("fanout-"))
                .inScenario("recovery").whenScenarioStateIs("recovered").willReturn(okJson("{\"success\":true}")));

        await().atMost(WITHIN).untilAsserted(() -> people.forEach(
                person -> assertThat(status(person, "segment")).isEqualTo("DELIVERED")));
        for (String person : people) {
            List<LoggedRequest> tracks = VENDORS.calls("POST", SEGMENT_TRACK, person);
            assertThat(tracks).isNotEmpty();
            assertThat(tracks.stream().map(t -> messageId(t)).distinct()).hasSize(1);
            assertThat(Contracts.segmentErrors("TrackCall", tracks.get(0).getBodyAsString())).isEmpty();
        }
    }

    @Test
    void anOlderRecordDoesNotOverwriteANewerOneButIsStillRecordedAsAnEvent() throws Exception {
        String person = "late@example.com";
        mapPhone(person, "+64220000001");
        accept(person, "long_sleeper", T2);
        awaitDelivered(person, 1);

        accept(person, "short_sleeper", T1);
        awaitDelivered(person, 2);

        assertThat(VENDORS.calls("PUT", CIO, person)).hasSize(1)
                .allSatisfy(r -> assertThat(r.getBodyAsString()).contains("long_sleeper"));
        assertThat(VENDORS.calls("POST", CIO + "events", person)).hasSize(2);
        assertThat(VENDORS.calls("POST", SEGMENT_IDENTIFY, person)).hasSize(1);
        assertThat(VENDORS.calls("POST", SEGMENT_TRACK, person)).hasSize(2);
        assertThat(VENDORS.calls("POST", KLAVIYO_PROFILE, "+64220000001")).hasSize(1);
        List<LoggedRequest> klaviyoEvents = VENDORS.calls("POST", KLAVIYO_EVENT, "+64220000001");
        assertThat(klaviyoEvents).hasSize(2);
        assertThat(klaviyoEvents.stream().filter(r -> r.getBodyAsString().contains("\"backfill\":true"))).hasSize(1);
        List<LoggedRequest> batches = VENDORS.calls("POST", MPARTICLE_EVENTS, person);
        assertThat(batches).hasSize(2);
        assertThat(batches.stream().filter(r -> r.getBodyAsString().contains("user_attributes"))).hasSize(1)
                .allSatisfy(r -> assertThat(r.getBodyAsString()).contains("long_sleeper"));
        // Iterable is change-only: an older record is no change, so nothing at all goes to Iterable
        assertThat(VENDORS.calls("POST", ITERABLE_UPDATE, person)).hasSize(1);
        assertThat(VENDORS.calls("POST", ITERABLE_TRACK, person)).hasSize(1);
    }

    @Test
    void anUpdateThatReusesTheSahhaIdReachesEveryVendorWithNewDedupeKeys() throws Exception {
        String person = "updated@example.com";
        mapPhone(person, "+64220000002");
        accept(person, "short_sleeper", T1);
        awaitDelivered(person, 1);
        // exact redelivery: answered duplicate, nothing new sent
        assertThat(Webhooks.post(port, Webhooks.ARCHETYPE, person,
                Webhooks.json(Webhooks.archetype(person, "short_sleeper", T1))).body()).contains("duplicate");

        accept(person, "average_sleeper", T2); // same Sahha record id, newer time, new value
        awaitDelivered(person, 2);

        assertThat(VENDORS.calls("PUT", CIO, person)).hasSize(2);
        List<LoggedRequest> cioEvents = VENDORS.calls("POST", CIO + "events", person);
        assertThat(cioEvents).hasSize(2);
        assertThat(MAPPER.readTree(cioEvents.get(0).getBodyAsString()).get("id"))
                .isNotEqualTo(MAPPER.readTree(cioEvents.get(1).getBodyAsString()).get("id"));
        List<LoggedRequest> tracks = VENDORS.calls("POST", SEGMENT_TRACK, person);
        assertThat(tracks.stream().map(FanOutScenarios::messageId).distinct()).hasSize(2);
        assertThat(VENDORS.calls("POST", ITERABLE_TRACK, person)).hasSize(2);
        assertThat(VENDORS.calls("POST", KLAVIYO_EVENT, "+64220000002")).hasSize(2);
        assertThat(VENDORS.calls("POST", MPARTICLE_EVENTS, person)).hasSize(2);
    }

    @Test
    void changeOnlyRefreshesTheAttributesButSendsNoEventWhenTheValueIsTheSame() {
        String person = "steady@example.com";
        mapPhone(person, "+64220000003");
        accept(person, "short_sleeper", T1);
        awaitDelivered(person, 1);

        accept(person, "short_sleeper", T2);
        awaitDelivered(person, 2);

        List<LoggedRequest> updates = VENDORS.calls("POST", ITERABLE_UPDATE, person);
        assertThat(updates).hasSize(2);
        assertThat(updates.get(1).getBodyAsString()).contains(T2.replace("Z", ""));
        assertThat(VENDORS.calls("POST", ITERABLE_TRACK, person)).hasSize(1);
        assertThat(VENDORS.calls("POST", SEGMENT_TRACK, person)).hasSize(2); // the others forward every record
    }

    @Test
    void aPersonWithoutAMappingIsParkedForThatVendorOnlyAndDeliveredOnceMapped() throws Exception {
        String person = "unmapped@example.com";
        accept(person, "short_sleeper", T1);

        await().atMost(WITHIN).until(() -> "PARKED".equals(status(person, "klaviyo")));
        awaitStatus(person, List.of("customerio", "segment", "iterable", "mparticle"), "DELIVERED");
        JsonNode parked = MAPPER.readTree(manage("GET", "parked?destination=klaviyo", null).body());
        assertThat(parked.toString()).contains("no phone number is mapped").doesNotContain(person);
        int attempts = delivery(person, "klaviyo", "attempts", Integer.class);
        Thread.sleep(500); // parked work is not retried in a loop
        assertThat(delivery(person, "klaviyo", "attempts", Integer.class)).isEqualTo(attempts);

        HttpResponse<String> mapped = manage("POST", "identities", MAPPER.writeValueAsString(
                Map.of("externalId", person, "phone", "+64220000004")));
        assertThat(mapped.body()).contains("\"unparked\":1");

        await().atMost(WITHIN).until(() -> "DELIVERED".equals(status(person, "klaviyo")));
        assertThat(VENDORS.calls("POST", KLAVIYO_PROFILE, "+64220000004")).hasSize(1);
    }

    @Test
    void anExternalIdThatIsNotAnEmailIsParkedForIterableWithTheReason() throws Exception {
        String person = "user-without-email";
        mapPhone(person, "+64220000005");
        accept(person, "short_sleeper", T1);

        await().atMost(WITHIN).until(() -> "PARKED".equals(status(person, "iterable")));
        awaitStatus(person, List.of("customerio", "segment", "klaviyo", "mparticle"), "DELIVERED");
        assertThat(delivery(person, "iterable", "last_error", String.class)).contains("not an email address");
        assertThat(VENDORS.calls("POST", ITERABLE_UPDATE, person)).isEmpty();
        assertThat(manage("POST", "parked", "{\"destination\":\"iterable\"}").body()).matches("\\{\"unparked\":[1-9][0-9]*}");
        await().atMost(WITHIN).until(() -> "PARKED".equals(status(person, "iterable")));
    }

    @Test
    void iterablesRejectionInsideA200IsADeadLetterWithItsCode() {
        String person = "rejected@example.com";
        mapPhone(person, "+64220000006");
        VENDORS.server().stubFor(post(urlPathMatching(ITERABLE_UPDATE)).atPriority(1)
                .withRequestBody(containing(person))
                .willReturn(okJson("{\"code\":\"InvalidEmailAddressError\",\"msg\":\"Invalid email\"}")));

        accept(person, "short_sleeper", T1);

        await().atMost(WITHIN).until(() -> "DEAD".equals(status(person, "iterable")));
        assertThat(delivery(person, "iterable", "last_error", String.class)).contains("InvalidEmailAddressError");
        assertThat(VENDORS.calls("POST", ITERABLE_UPDATE, person)).hasSize(1);
        assertThat(VENDORS.calls("POST", ITERABLE_TRACK, person)).isEmpty();
        awaitStatus(person, List.of("customerio", "segment", "klaviyo", "mparticle"), "DELIVERED");
    }

    @Test
    void sahhasTestEventsOfEveryTypeAreAcknowledgedForAProfileNeverSeen() throws Exception {
        for (String eventType : List.of(Webhooks.ARCHETYPE, "ScoreCreatedIntegrationEvent",
                "BiomarkerCreatedIntegrationEvent", "DataLogReceivedIntegrationEvent")) {
            byte[] sample = Files.readAllBytes(Path.of("..", "shared", "samples", "sahha", eventType + ".json"));
            HttpResponse<String> response = Webhooks.post(port, eventType, "3f1c9a52-7e0b-4d7e-9a41-2c5d8e6b1f04",
                    sample);
            assertThat(response.statusCode()).as(eventType).isEqualTo(200);
            assertThat(response.body()).as(eventType).startsWith("{\"received\":true");
        }
    }

    @Test
    void aScoreReachesEveryDestinationAndAnEarlierDaysScoreDoesNotOverwriteIt() throws Exception {
        String person = "scored@example.com";
        mapPhone(person, "+64220000007");
        acceptScore(person, 0.86, "high", "2025-07-14T00:00:00+12:00", "2025-07-13T19:02:26+00:00");
        awaitDelivered(person, 1);
        acceptScore(person, 0.31, "low", "2025-07-13T00:00:00+12:00", "2025-07-13T20:00:00+00:00"); // late, older day
        awaitDelivered(person, 2);

        List<LoggedRequest> identifies = VENDORS.calls("POST", SEGMENT_IDENTIFY, person);
        assertThat(identifies).hasSize(1);
        assertThat(identifies.get(0).getBodyAsString()).contains("\"sahha_score_sleep\":0.86");
        assertThat(VENDORS.calls("POST", SEGMENT_TRACK, person)).hasSize(2)
                .allSatisfy(r -> assertThat(r.getBodyAsString()).contains("Sahha Score Updated"));
        assertThat(VENDORS.calls("PUT", CIO, person)).hasSize(1)
                .allSatisfy(r -> assertThat(Contracts.customerIoIdentifyErrors(r.getBodyAsString())).isEmpty());
        assertThat(VENDORS.calls("POST", ITERABLE_UPDATE, person)).hasSize(1);
        assertThat(VENDORS.calls("POST", KLAVIYO_PROFILE, "+64220000007")).hasSize(1);
        assertThat(VENDORS.calls("POST", MPARTICLE_EVENTS, person)).hasSize(2);
    }

    @Test
    void biomarkersOutsideTheAllowListAndDataLogsAreOnlyJournaledWhenSomeoneTakesThem() throws Exception {
        String person = "measured@example.com";
        mapPhone(person, "+64220000008");
        Map<String, Object> steps = sampleFor(person, "BiomarkerCreatedIntegrationEvent");
        Map<String, Object> vo2 = new java.util.LinkedHashMap<>(steps);
        vo2.put("type", "vo2_max");
        vo2.put("value", "41.2");
        vo2.put("valueType", "double");

        assertThat(send(person, "BiomarkerCreatedIntegrationEvent", vo2).body()).isEqualTo("{\"received\":true}");
        assertThat(send(person, "BiomarkerCreatedIntegrationEvent", steps).body()).isEqualTo("{\"received\":true}");
        assertThat(send(person, "DataLogReceivedIntegrationEvent",
                sampleFor(person, "DataLogReceivedIntegrationEvent")).body()).isEqualTo("{\"received\":true}");

        await().atMost(WITHIN).untilAsserted(() -> assertThat(jdbc.queryForList("SELECT d.destination FROM delivery_status d"
                + " JOIN journal_event e ON e.id = d.event_id WHERE e.external_id = ? AND d.status = 'DELIVERED'",
                String.class, person)).containsExactlyInAnyOrder("customerio", "segment", "iterable", "klaviyo",
                "mparticle", "segment"));
        assertThat(jdbc.queryForList("SELECT event_type FROM journal_event WHERE external_id = ?", String.class, person))
                .containsExactlyInAnyOrder("BiomarkerCreatedIntegrationEvent", "DataLogReceivedIntegrationEvent");
        assertThat(VENDORS.calls("POST", SEGMENT_IDENTIFY, person)).singleElement()
                .satisfies(r -> assertThat(r.getBodyAsString()).contains("\"sahha_biomarker_steps_count\":8432"));
        assertThat(VENDORS.calls("POST", SEGMENT_TRACK, person)).singleElement()
                .satisfies(r -> assertThat(r.getBodyAsString()).contains("Sahha Data Log Received"));
        assertThat(VENDORS.calls("POST", ITERABLE_TRACK, person)).isEmpty();
        assertThat(VENDORS.calls("POST", CIO + "events", person)).isEmpty();
    }

    void acceptScore(String person, double score, String state, String scoreDateTime, String createdAtUtc)
            throws Exception {
        Map<String, Object> event = sampleFor(person, "ScoreCreatedIntegrationEvent");
        event.put("score", score);
        event.put("state", state);
        event.put("scoreDateTime", scoreDateTime);
        event.put("createdAtUtc", createdAtUtc);
        assertThat(send(person, "ScoreCreatedIntegrationEvent", event).body()).isEqualTo("{\"received\":true}");
    }

    static Map<String, Object> sampleFor(String person, String eventType) throws Exception {
        Map<String, Object> event = MAPPER.readValue(Path.of("..", "shared", "samples", "sahha", eventType + ".json")
                .toFile(), new tools.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, Object>>() {
                });
        event.put("externalId", person);
        return event;
    }

    HttpResponse<String> send(String person, String eventType, Map<String, Object> event) {
        return Webhooks.post(port, eventType, person, Webhooks.json(event));
    }

    void accept(String person, String value, String createdAt) {
        HttpResponse<String> response = Webhooks.post(port, Webhooks.ARCHETYPE, person,
                Webhooks.json(Webhooks.archetype(person, value, createdAt)));
        assertThat(response.body()).isEqualTo("{\"received\":true}");
    }

    void mapPhone(String person, String phone) {
        try {
            assertThat(manage("POST", "identities", MAPPER.writeValueAsString(
                    Map.of("externalId", person, "phone", phone))).statusCode())
                    .isEqualTo(200);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until all five destinations have delivered the person's first {@code events} events. */
    void awaitDelivered(String person, int events) {
        await().atMost(WITHIN).untilAsserted(() -> assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivery_status d"
                + " JOIN journal_event e ON e.id = d.event_id WHERE e.external_id = ? AND d.status = 'DELIVERED'",
                Integer.class, person)).isEqualTo(events * DESTINATIONS.size()));
    }

    void awaitStatus(String person, List<String> destinations, String expected) {
        await().atMost(WITHIN).untilAsserted(() -> destinations.forEach(
                destination -> assertThat(status(person, destination)).as(destination).isEqualTo(expected)));
    }

    String status(String person, String destination) {
        return delivery(person, destination, "status", String.class);
    }

    <T> T delivery(String person, String destination, String column, Class<T> type) {
        List<T> values = jdbc.queryForList("SELECT d." + column + " FROM delivery_status d JOIN journal_event e"
                + " ON e.id = d.event_id WHERE e.external_id = ? AND d.destination = ?", type, person, destination);
        return values.isEmpty() ? null : values.get(0);
    }

    HttpResponse<String> manage(String method, String endpoint, String body) {
        return Webhooks.manage(managementPort, method, endpoint, body);
    }

    private static String body(List<LoggedRequest> requests) {
        assertThat(requests).isNotEmpty();
        return requests.get(0).getBodyAsString();
    }

    private static String messageId(LoggedRequest request) {
        try {
            return MAPPER.readTree(request.getBodyAsString()).get("messageId").asString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
