package ai.sahha.bridge.destinations;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.Contracts;
import ai.sahha.bridge.support.VendorStandIn;
import ai.sahha.bridge.support.Webhooks;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A backlog goes out to all five destinations as bulk calls, against a local stand-in for the vendors' bulk APIs:
 * far fewer calls than deliveries, bodies valid against the vendors' contracts, two updates of one person's
 * attribute collapsed to the newest, and the elements a vendor refuses inside a success answer (Customer.io's 207,
 * Iterable's failCount, Klaviyo's import errors) failing only their own deliveries. The backlog is built with the
 * poll routes stopped, so that it is claimed in one go. Subclasses choose the database.
 */
@CamelSpringBootTest
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "bridge.webhook.secret=" + Webhooks.SECRET,
                "management.server.port=0",
                "bridge.destinations.customerio.credentials.site-id=site",
                "bridge.destinations.customerio.credentials.api-key=key",
                "bridge.destinations.segment.credentials.write-key=write-key",
                "bridge.destinations.iterable.credentials.api-key=iterable-key",
                "bridge.destinations.klaviyo.credentials.private-api-key=pk_test",
                "bridge.destinations.mparticle.credentials.api-key=mp-key",
                "bridge.destinations.mparticle.credentials.api-secret=mp-secret",
                "bridge.destinations.customerio.bulk.min-items=2",
                "bridge.destinations.segment.bulk.min-items=2",
                "bridge.destinations.iterable.bulk.min-items=2",
                "bridge.destinations.klaviyo.bulk.min-items=2",
                "bridge.destinations.mparticle.bulk.min-items=2",
                "bridge.destinations.klaviyo.options.import-job-poll-interval=100ms",
                "bridge.destinations.segment.redelivery.delay-ms=100",
                "bridge.destinations.customerio.poll-interval-ms=50",
                "bridge.destinations.segment.poll-interval-ms=50",
                "bridge.destinations.iterable.poll-interval-ms=50",
                "bridge.destinations.klaviyo.poll-interval-ms=50",
                "bridge.destinations.mparticle.poll-interval-ms=50"})
@DirtiesContext
public abstract class BulkDeliveryScenarios {

    static final VendorStandIn VENDORS = new VendorStandIn();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final String T1 = "2025-07-13T13:08:53Z";
    private static final String T2 = "2025-07-20T13:08:53Z";
    private static final List<String> DESTINATIONS = VendorStandIn.DESTINATIONS;

    protected static void vendors(DynamicPropertyRegistry registry) {
        VENDORS.baseUrls(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void bulkApisAnswerAsOnSuccess() {
        VENDORS.healthy();
        VENDORS.server().resetRequests();
        VENDORS.server().stubFor(post(urlEqualTo("/v1/batch")).willReturn(okJson("{\"success\":true}")));
        VENDORS.server().stubFor(post(urlEqualTo("/api/v2/batch")).willReturn(okJson("{}")));
        VENDORS.server().stubFor(post(urlEqualTo("/api/users/bulkUpdate"))
                .willReturn(okJson("{\"successCount\":1,\"failCount\":0}")));
        VENDORS.server().stubFor(post(urlEqualTo("/api/events/trackBulk"))
                .willReturn(okJson("{\"successCount\":1,\"failCount\":0}")));
        VENDORS.server().stubFor(post(urlEqualTo("/api/profile-bulk-import-jobs")).willReturn(aResponse()
                .withStatus(202).withHeader("Content-Type", "application/vnd.api+json")
                .withBody("{\"data\":{\"type\":\"profile-bulk-import-job\",\"id\":\"job-1\","
                        + "\"attributes\":{\"status\":\"queued\"}}}")));
        VENDORS.server().stubFor(get(urlEqualTo("/api/profile-bulk-import-jobs/job-1"))
                .willReturn(okJson(importJob("complete", 0))));
        VENDORS.server().stubFor(post(urlEqualTo("/api/event-bulk-create-jobs")).willReturn(aResponse().withStatus(202)));
        VENDORS.server().stubFor(post(urlEqualTo("/v2/bulkevents")).willReturn(aResponse().withStatus(202)));
    }

    @AfterAll
    static void forgetRequests() {
        VENDORS.server().resetRequests();
    }

    @Test
    void aBacklogGoesOutAsFewBulkCallsAndOnlyRefusedItemsFail() throws Exception {
        List<String> people = List.of("bulk-0@example.com", "bulk-1@example.com", "bulk-2@example.com",
                "bulk-3@example.com", "bulk-4@example.com");
        // Customer.io refuses bulk-2's update: operations 0-2 are bulk-0's (an event, then the newer update and its
        // event), 3-4 bulk-1's, 5 bulk-2's update
        VENDORS.server().stubFor(post(urlEqualTo("/api/v2/batch")).atPriority(1).willReturn(aResponse().withStatus(207)
                .withHeader("Content-Type", "application/json").withBody("{\"errors\":[{\"batch_index\":5,"
                        + "\"reason\":\"invalid\",\"field\":\"attributes\",\"message\":\"refused\"}]}")));
        // Iterable refuses bulk-3 in the user update
        VENDORS.server().stubFor(post(urlEqualTo("/api/users/bulkUpdate")).atPriority(1).willReturn(okJson(
                "{\"successCount\":4,\"failCount\":1,\"failedUpdates\":{\"invalidDataEmails\":[\"bulk-3@example.com\"]}}")));
        // Klaviyo's import job is processing at first, then completes with an error for the second profile (bulk-1)
        VENDORS.server().stubFor(get(urlEqualTo("/api/profile-bulk-import-jobs/job-1")).atPriority(1)
                .inScenario("job").whenScenarioStateIs(STARTED).willReturn(okJson(importJob("processing", 0)))
                .willSetStateTo("done"));
        VENDORS.server().stubFor(get(urlEqualTo("/api/profile-bulk-import-jobs/job-1")).atPriority(1)
                .inScenario("job").whenScenarioStateIs("done").willReturn(okJson(importJob("complete", 1))));
        VENDORS.server().stubFor(get(urlPathEqualTo("/api/profile-bulk-import-jobs/job-1/import-errors"))
                .willReturn(okJson("{\"data\":[{\"type\":\"import-error\",\"id\":\"e-1\",\"attributes\":{"
                        + "\"code\":\"invalid\",\"title\":\"Invalid input\",\"detail\":\"not a valid email\","
                        + "\"source\":{\"pointer\":\"/data/attributes/profiles/data/1/attributes/email\"}}}],"
                        + "\"links\":{\"self\":\"x\",\"next\":null}}")));

        backlog(() -> {
            accept(people.get(0), "long_sleeper", T1);
            accept(people.get(0), "short_sleeper", T2); // newer: only this value goes to the profile
            people.subList(1, people.size()).forEach(person -> accept(person, "average_sleeper", T1));
        });

        await().atMost(WITHIN).untilAsserted(() -> assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivery_status d"
                + " JOIN journal_event e ON e.id = d.event_id WHERE e.external_id LIKE 'bulk-%'"
                + " AND d.status IN ('DELIVERED', 'DEAD')", Integer.class)).isEqualTo(6 * DESTINATIONS.size()));

        // Segment: one batch, five identifies (bulk-0 collapsed to the newer value) and six tracks
        List<JsonNode> segment = elements(only("/v1/batch"), "batch");
        assertThat(segment).hasSize(11);
        assertThat(segment.stream().filter(m -> m.get("type").asString().equals("identify"))).hasSize(5);
        assertThat(segment.stream().filter(m -> m.path("traits").toString().contains("bulk-0") || m.path("userId")
                .asString().equals("bulk-0@example.com")).filter(m -> m.get("type").asString().equals("identify")))
                .singleElement().satisfies(m -> assertThat(m.toString()).contains("short_sleeper")
                        .doesNotContain("long_sleeper"));
        for (JsonNode message : segment) {
            assertThat(Contracts.segmentErrors(message.get("type").asString().equals("identify") ? "IdentifyCall"
                    : "TrackCall", withoutType(message))).isEmpty();
        }
        assertThat(statuses("segment")).containsOnly("DELIVERED");

        // Customer.io: one batch of eleven operations; the refused one fails bulk-2's delivery only
        LoggedRequest cio = only("/api/v2/batch");
        assertThat(elements(cio, "batch")).hasSize(11);
        assertThat(elements(cio, "batch").get(5).toString()).contains("bulk-2@example.com", "\"identify\"");
        assertThat(Contracts.customerIoBatchErrors(cio.getBodyAsString())).isEmpty();
        assertDeadOnly("customerio", "bulk-2@example.com", "Customer.io refused");

        // Iterable: users first, then events without bulk-3's, whose update was refused
        LoggedRequest users = only("/api/users/bulkUpdate");
        assertThat(elements(users, "users")).hasSize(5);
        assertThat(Contracts.iterableErrors("BulkUpdateUsersRequest", users.getBodyAsString())).isEmpty();
        LoggedRequest events = only("/api/events/trackBulk");
        assertThat(elements(events, "events")).hasSize(5);
        assertThat(events.getBodyAsString()).doesNotContain("bulk-3@example.com");
        assertThat(Contracts.iterableErrors("BulkTrackRequest", events.getBodyAsString())).isEmpty();
        assertDeadOnly("iterable", "bulk-3@example.com", "invalidDataEmails");

        // Klaviyo: one import job, followed to completion; its error fails bulk-1, whose event then stays back
        LoggedRequest job = only("/api/profile-bulk-import-jobs");
        assertThat(MAPPER.readTree(job.getBodyAsString()).at("/data/attributes/profiles/data")).hasSize(5);
        assertThat(Contracts.klaviyoErrors("bulk_import_profiles", job.getBodyAsString())).isEmpty();
        assertThat(calls(RequestMethod.GET, "/api/profile-bulk-import-jobs/job-1")).hasSizeGreaterThanOrEqualTo(2);
        LoggedRequest klaviyoEvents = only("/api/event-bulk-create-jobs");
        assertThat(MAPPER.readTree(klaviyoEvents.getBodyAsString()).at("/data/attributes/events-bulk-create/data"))
                .hasSize(5);
        assertThat(klaviyoEvents.getBodyAsString()).doesNotContain("bulk-1@example.com");
        assertThat(Contracts.klaviyoErrors("bulk_create_events", klaviyoEvents.getBodyAsString())).isEmpty();
        assertDeadOnly("klaviyo", "bulk-1@example.com", "not a valid email");

        // mParticle: one call with a batch per delivery
        JsonNode batches = MAPPER.readTree(only("/v2/bulkevents").getBodyAsString());
        assertThat(batches).hasSize(6);
        batches.forEach(batch -> assertThat(Contracts.mparticleBatchErrors(batch.toString())).isEmpty());
        assertThat(statuses("mparticle")).containsOnly("DELIVERED");

        // nothing went call by call
        assertThat(calls(RequestMethod.POST, "/v1/identify")).isEmpty();
        assertThat(calls(RequestMethod.POST, "/api/profile-import")).isEmpty();
        assertThat(meters.summary("bridge.vendor.call.items", "destination", "segment").max()).isEqualTo(11);
        assertThat(meters.summary("bridge.vendor.call.items", "destination", "mparticle").max()).isEqualTo(6);
    }

    @Test
    void aBulkCallThatFailsIsRetriedWholeAndDeliversEverything() {
        VENDORS.server().stubFor(post(urlEqualTo("/v1/batch")).atPriority(1).inScenario("outage")
                .whenScenarioStateIs(STARTED).willReturn(aResponse().withStatus(503)).willSetStateTo("back"));
        VENDORS.server().stubFor(post(urlEqualTo("/v1/batch")).atPriority(1).inScenario("outage")
                .whenScenarioStateIs("back").willReturn(okJson("{\"success\":true}")));

        backlog(() -> List.of("retry-0@example.com", "retry-1@example.com", "retry-2@example.com")
                .forEach(person -> accept(person, "short_sleeper", T1)));

        await().atMost(WITHIN).untilAsserted(() -> assertThat(jdbc.queryForList("SELECT d.status FROM delivery_status d"
                + " JOIN journal_event e ON e.id = d.event_id WHERE d.destination = 'segment'"
                + " AND e.external_id LIKE 'retry-%'", String.class)).hasSize(3).containsOnly("DELIVERED"));
        // and the other vendors' calls are all made before the next test looks at what the stand-in received
        await().atMost(WITHIN).untilAsserted(() -> assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivery_status d"
                + " JOIN journal_event e ON e.id = d.event_id WHERE e.external_id LIKE 'retry-%'"
                + " AND d.status = 'DELIVERED'", Integer.class)).isEqualTo(3 * DESTINATIONS.size()));
        List<LoggedRequest> calls = calls(RequestMethod.POST, "/v1/batch");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).getBodyAsString()).isEqualTo(calls.get(1).getBodyAsString());
    }

    /** Journals what {@code webhooks} sends while no destination claims anything, then lets them claim it at once. */
    private void backlog(Runnable webhooks) {
        try {
            for (String destination : DESTINATIONS) {
                camel.getRouteController().stopRoute(destination + "-poll");
            }
            webhooks.run();
            for (String destination : DESTINATIONS) {
                camel.getRouteController().startRoute(destination + "-poll");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void accept(String person, String value, String createdAt) {
        assertThat(Webhooks.post(port, Webhooks.ARCHETYPE, person,
                Webhooks.json(Webhooks.archetype(person, value, createdAt))).body()).isEqualTo("{\"received\":true}");
    }

    private void assertDeadOnly(String destination, String person, String why) {
        List<String> dead = jdbc.queryForList("SELECT e.external_id FROM delivery_status d JOIN journal_event e"
                + " ON e.id = d.event_id WHERE d.destination = ? AND d.status = 'DEAD'", String.class, destination);
        assertThat(dead).containsOnly(person);
        assertThat(statuses(destination)).containsOnly("DELIVERED", "DEAD");
        assertThat(jdbc.queryForList("SELECT last_error FROM delivery_status WHERE destination = ? AND status = 'DEAD'",
                String.class, destination)).allSatisfy(error -> assertThat(error).contains(why));
    }

    private List<String> statuses(String destination) {
        return jdbc.queryForList("SELECT d.status FROM delivery_status d JOIN journal_event e ON e.id = d.event_id"
                + " WHERE d.destination = ? AND e.external_id LIKE 'bulk-%'", String.class, destination);
    }

    private static String importJob(String status, int failed) {
        return "{\"data\":{\"type\":\"profile-bulk-import-job\",\"id\":\"job-1\",\"attributes\":{\"status\":\""
                + status + "\",\"total_count\":5,\"completed_count\":" + (5 - failed) + ",\"failed_count\":" + failed
                + "}}}";
    }

    private static List<LoggedRequest> calls(RequestMethod method, String path) {
        return VENDORS.server().findAll(anyRequestedFor(urlPathEqualTo(path))).stream()
                .filter(request -> request.getMethod().equals(method)).toList();
    }

    private static LoggedRequest only(String path) {
        List<LoggedRequest> calls = calls(RequestMethod.POST, path);
        assertThat(calls).as(path).hasSize(1);
        return calls.get(0);
    }

    private static List<JsonNode> elements(LoggedRequest call, String list) throws Exception {
        List<JsonNode> elements = new ArrayList<>();
        MAPPER.readTree(call.getBodyAsString()).get(list).forEach(elements::add);
        return elements;
    }

    private static String withoutType(JsonNode message) {
        return ((ObjectNode) message.deepCopy()).without("type").toString();
    }
}
