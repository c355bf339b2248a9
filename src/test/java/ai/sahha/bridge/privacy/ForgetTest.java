package ai.sahha.bridge.privacy;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static ai.sahha.bridge.support.Webhooks.archetype;
import static ai.sahha.bridge.support.Webhooks.json;
import static ai.sahha.bridge.support.Webhooks.post;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.commands.CommandLine;
import ai.sahha.bridge.journal.Journal;
import ai.sahha.bridge.support.Contracts;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.TestDatabases;
import ai.sahha.bridge.support.Webhooks;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Forgetting a person over the admin API, against stand-ins for every destination (one WireMock server, a path
 * prefix per vendor): their deliveries in every state (delivered, rescheduled, dead, parked) are found, then every
 * row naming them is gone from every table while another person's stay; each vendor with an erasure call gets it as
 * its contract describes (Klaviyo after a 503), the others are marked manual or need nothing; their next webhook is
 * answered and not forwarded; lifting the suppression asks Iterable to unforget them. And a request queued by the
 * {@code forget} command while the bridge is down is carried out by the next start, through a 503 and a restart.
 */
class ForgetTest {

    private static final String PERSON = "person-to-forget";
    private static final String EMAIL = "forget.me@example.com";
    private static final String OTHER = "person-to-keep";
    private static final String OPERATOR = Webhooks.ADMIN;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer vendors = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(ConfigurableApplicationContext::close);
        vendors.stop();
    }

    @ParameterizedTest
    @MethodSource("ai.sahha.bridge.support.TestDatabases#available")
    void aForgottenPersonLeavesNoRowAnywhereEachVendorIsAskedAndTheirNextWebhookGoesNowhere(String database)
            throws Exception {
        vendors.start();
        vendors.stubFor(any(urlPathMatching("/(cio|webhook)(/.*)?")).willReturn(aResponse().withStatus(200)
                .withBody("{}")));
        vendors.stubFor(any(urlPathMatching("/iterable/.*")).willReturn(aResponse().withStatus(200)
                .withBody("{\"msg\":\"\",\"code\":\"Success\",\"params\":{}}")));
        vendors.stubFor(any(urlPathMatching("/klaviyo/.*")).willReturn(aResponse().withStatus(400)
                .withBody("{\"errors\":[{\"code\":\"invalid\",\"detail\":\"refused\"}]}")));
        vendors.stubFor(any(urlPathMatching("/mparticle/.*")).willReturn(aResponse().withStatus(503)));
        ConfigurableApplicationContext bridge = start("h2".equals(database)
                ? TestDatabases.h2(TestDataDirs.create("forget")) : TestDatabases.postgres(), allDestinations());
        int port = port(bridge);
        JdbcTemplate jdbc = bridge.getBean(JdbcTemplate.class);
        admin(bridge, "POST", "/actuator/identities", "{\"externalId\":\"" + PERSON + "\",\"email\":\"" + EMAIL
                + "\"}");
        admin(bridge, "POST", "/actuator/identities", "{\"externalId\":\"" + OTHER + "\",\"email\":\"keep@example.com\"}");
        for (String person : List.of(PERSON, OTHER)) {
            assertThat(post(port, ARCHETYPE, person, json(archetype(person, "short_sleeper", "2025-07-13T13:08:53Z")))
                    .statusCode()).isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode found = admin(bridge, "POST", "/actuator/people", "{\"action\":\"find\",\"externalId\":\""
                    + PERSON + "\"}").path("people").path(0);
            assertThat(status(found, "customerio")).isEqualTo("DELIVERED");
            assertThat(status(found, "iterable")).isEqualTo("DELIVERED");
            assertThat(status(found, "webhook")).isEqualTo("DELIVERED");
            assertThat(status(found, "klaviyo")).isEqualTo("DEAD");
            assertThat(status(found, "segment")).isEqualTo("PARKED");
            assertThat(status(found, "mparticle")).isEqualTo("PENDING");
            assertThat(found.at("/deliveries/mparticle/0/attempts").asInt()).isPositive();
            assertThat(found.at("/deliveries/klaviyo/0/history/0/httpStatus").asInt()).isEqualTo(400);
            assertThat(found.path("emailKnown").asBoolean()).isTrue();
            assertThat(found.toString()).doesNotContain(PERSON, EMAIL, "short_sleeper");
        });
        JsonNode byEmail = admin(bridge, "POST", "/actuator/people", "{\"action\":\"find\",\"email\":\"FORGET.me@"
                + "example.com\"}");
        assertThat(byEmail.path("people")).hasSize(1);
        assertThat(tablesNaming(jdbc, PERSON)).isNotEmpty();

        vendors.resetAll();
        vendors.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
        vendors.stubFor(post(urlEqualTo("/klaviyo/api/data-privacy-deletion-jobs")).inScenario("klaviyo")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503))
                .willSetStateTo("recovered"));
        vendors.stubFor(post(urlEqualTo("/klaviyo/api/data-privacy-deletion-jobs")).inScenario("klaviyo")
                .whenScenarioStateIs("recovered").willReturn(aResponse().withStatus(202)));
        JsonNode request = admin(bridge, "POST", "/actuator/people", "{\"action\":\"forget\",\"externalId\":\""
                + PERSON + "\"}");
        assertThat(request.path("personTag").asString()).hasSize(12);
        // a webhook for them that reached another replica before it re-read the suppression list
        bridge.getBean(Journal.class).append(new Journal.Entry("%080x".formatted(PERSON.hashCode()), ARCHETYPE, PERSON,
                new String(json(archetype(PERSON, "average_sleeper", "2025-07-14T13:08:53Z")), StandardCharsets.UTF_8),
                List.of("customerio"))).get();
        // until it settles: the tasks, the request, and the late webhook (delivered meanwhile, perhaps)
        assertThat(tablesNaming(jdbc, PERSON).keySet()).as("nothing local waits for the vendors but their tasks")
                .isSubsetOf("erasure_task.recipient", "erasure_request.external_id", "journal_event.external_id",
                        "journal_event.payload", "delivered_attribute.external_id");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode requests = admin(bridge, "GET", "/actuator/people", null);
            JsonNode latest = requests.path("requests").path(0);
            assertThat(latest.path("completedAt").isNull()).as("%s", latest).isFalse();
            assertThat(requests.path("open").asInt()).isZero();
        });
        JsonNode done = admin(bridge, "GET", "/actuator/people", null).path("requests").path(0);
        assertThat(task(done, "customerio").path("status").asString()).isEqualTo("DONE");
        assertThat(task(done, "iterable").path("status").asString()).isEqualTo("DONE");
        assertThat(task(done, "webhook").path("status").asString()).isEqualTo("DONE");
        assertThat(task(done, "klaviyo").path("status").asString()).isEqualTo("DONE");
        assertThat(task(done, "klaviyo").path("attempts").asInt()).as("after a 503").isEqualTo(2);
        assertThat(task(done, "mparticle").path("status").asString()).isEqualTo("MANUAL");
        assertThat(task(done, "mparticle").path("detail").asString()).contains("Data Subject Request");
        assertThat(task(done, "segment").path("detail").asString()).startsWith("nothing to erase");
        assertThat(tablesNaming(jdbc, PERSON)).isEmpty();
        assertThat(tablesNaming(jdbc, EMAIL)).isEmpty();
        assertThat(tablesNaming(jdbc, OTHER)).containsKeys("journal_event.external_id", "identity_map.external_id");

        List<LoggedRequest> deletes = vendors.findAll(deleteRequestedFor(urlPathMatching("/cio/.*")));
        assertThat(deletes).singleElement().satisfies(delete -> assertThat(delete.getUrl())
                .isEqualTo("/cio/api/v1/customers/" + PERSON));
        assertThat(Contracts.customerIoHas("delete", "/api/v1/customers/{identifier}")).isTrue();
        LoggedRequest forget = vendors.findAll(postRequestedFor(urlEqualTo("/iterable/api/users/forget"))).get(0);
        assertThat(forget.getHeader("Api-Key")).isEqualTo("key");
        assertThat(Contracts.iterableErrors("UserRequest", forget.getBodyAsString())).isEmpty();
        assertThat(JSON.readTree(forget.getBodyAsString()).path("email").asString()).isEqualTo(EMAIL);
        LoggedRequest deletion = vendors.findAll(postRequestedFor(urlEqualTo(
                "/klaviyo/api/data-privacy-deletion-jobs"))).get(1);
        assertThat(Contracts.klaviyoDeletionJobErrors(deletion.getBodyAsString())).isEmpty();
        assertThat(deletion.getHeader("revision")).isNotBlank();
        LoggedRequest message = vendors.findAll(postRequestedFor(urlEqualTo("/webhook"))).get(0);
        assertThat(JSON.readTree(message.getBodyAsString()).path("type").asString()).isEqualTo("sahha.erasure");
        assertThat(message.getHeader("webhook-signature")).startsWith("v1,");
        assertThat(message.getHeader("webhook-id")).startsWith("msg_erasure-");

        int callsBefore = vendors.findAll(anyRequestedFor(anyUrl())).size();
        HttpResponse<String> again = post(port, ARCHETYPE, PERSON, json(archetype(PERSON, "long_sleeper",
                "2025-07-20T13:08:53Z")));
        assertThat(again.statusCode()).isEqualTo(200);
        Thread.sleep(1000);
        assertThat(vendors.findAll(anyRequestedFor(anyUrl()))).as("not forwarded").hasSize(callsBefore);
        assertThat(tablesNaming(jdbc, PERSON)).as("not journaled").isEmpty();
        assertThat(prometheus(bridge)).contains("bridge_webhooks_total{application=\"sahha-cx-bridge\","
                + "outcome=\"suppressed\"} 1.0");

        admin(bridge, "POST", "/actuator/identities", "{\"externalId\":\"" + PERSON + "\",\"email\":\"" + EMAIL
                + "\"}");
        JsonNode lifted = admin(bridge, "POST", "/actuator/people", "{\"action\":\"lift\",\"externalId\":\""
                + PERSON + "\"}");
        assertThat(lifted.path("lifted").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(vendors.findAll(postRequestedFor(
                urlEqualTo("/iterable/api/users/unforget")))).singleElement().satisfies(unforget -> assertThat(
                        Contracts.iterableErrors("UserRequest", unforget.getBodyAsString())).isEmpty()));
        assertThat(post(port, ARCHETYPE, PERSON, json(archetype(PERSON, "long_sleeper", "2025-07-27T13:08:53Z")))
                .statusCode()).isEqualTo(200);
        assertThat(tablesNaming(jdbc, PERSON)).as("journaled again").containsKey("journal_event.external_id");
    }

    @Test
    void aRequestQueuedByTheCommandWhileTheBridgeIsDownIsCarriedOutThroughA503AndARestart() throws Exception {
        vendors.start();
        vendors.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
        Map<String, String> data = TestDatabases.h2(TestDataDirs.create("forget-command"));
        Map<String, Object> customerIo = customerIoOnly();
        try (ConfigurableApplicationContext first = start(data, customerIo)) {
            assertThat(post(port(first), ARCHETYPE, PERSON, json(archetype(PERSON, "short_sleeper",
                    "2025-07-13T13:08:53Z"))).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> !vendors.findAll(postRequestedFor(anyUrl())).isEmpty());
        }
        started.clear();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> command = new ArrayList<>(List.of("forget", "--external-id", PERSON));
        command.addAll(settings(data, customerIo).stream().filter(setting -> setting.startsWith("--bridge.data-dir")
                || setting.startsWith("--spring.")).toList());
        assertThat(CommandLine.dispatch(command.toArray(String[]::new), new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))).hasValue(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("queued: 1 request(s) to forget");

        vendors.resetAll();
        vendors.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
        try (ConfigurableApplicationContext second = start(data, customerIo)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !vendors.findAll(deleteRequestedFor(anyUrl())).isEmpty());
            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            assertThat(tablesNaming(jdbc, PERSON)).containsOnlyKeys("erasure_task.recipient");
            assertThat(post(port(second), ARCHETYPE, PERSON, json(archetype(PERSON, "long_sleeper",
                    "2025-07-20T13:08:53Z"))).statusCode()).isEqualTo(200);
        }
        started.clear();

        vendors.resetAll();
        vendors.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
        ConfigurableApplicationContext third = start(data, customerIo);
        JdbcTemplate jdbc = third.getBean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM erasure_request WHERE completed_at IS NULL", Long.class)).isZero());
        // beside the running bridge, the command waits until the bridge has carried its request out
        ByteArrayOutputStream waited = new ByteArrayOutputStream();
        List<String> waiting = new ArrayList<>(List.of("forget", "--external-id", "another-person", "--wait"));
        waiting.addAll(command.subList(3, command.size()));
        assertThat(CommandLine.dispatch(waiting.toArray(String[]::new), new PrintStream(waited, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))).hasValue(0);
        assertThat(waited.toString(StandardCharsets.UTF_8)).contains("queued: 1 request(s)", "customerio DONE",
                "done: erased everywhere");
        assertThat(vendors.findAll(deleteRequestedFor(urlEqualTo("/cio/api/v1/customers/" + PERSON)))).hasSize(1);
        assertThat(vendors.findAll(deleteRequestedFor(urlEqualTo("/cio/api/v1/customers/another-person"))))
                .hasSize(1);
        assertThat(vendors.findAll(postRequestedFor(anyUrl()))).as("the webhook sent while suppressed").isEmpty();
        assertThat(tablesNaming(jdbc, PERSON)).isEmpty();
    }

    @Test
    void aKlaviyoKeyWithoutTheDataPrivacyScopeMakesTheErasureManualWithThatReason() throws Exception {
        vendors.start();
        vendors.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(202)));
        vendors.stubFor(post(urlEqualTo("/klaviyo/api/data-privacy-deletion-jobs")).willReturn(aResponse()
                .withStatus(403).withBody("{\"errors\":[{\"code\":\"permission_denied\",\"detail\":\"missing scope\"}]}")));
        Map<String, Object> klaviyo = new HashMap<>();
        klaviyo.put("bridge.destinations.klaviyo.credentials.private-api-key", "pk_test");
        klaviyo.put("bridge.destinations.klaviyo.base-url", vendors.baseUrl() + "/klaviyo");
        ConfigurableApplicationContext bridge = start(TestDatabases.h2(TestDataDirs.create("forget-klaviyo")), klaviyo);
        JsonNode request = admin(bridge, "POST", "/actuator/people", "{\"action\":\"forget\",\"externalId\":\""
                + EMAIL + "\"}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode done = admin(bridge, "GET", "/actuator/people", null).path("requests").path(0);
            assertThat(done.path("id").asLong()).isEqualTo(request.path("id").asLong());
            assertThat(task(done, "klaviyo").path("status").asString()).isEqualTo("MANUAL");
            assertThat(task(done, "klaviyo").path("detail").asString()).contains("HTTP 403", "data-privacy:write");
            assertThat(done.path("completedAt").isNull()).isFalse();
        });
        assertThat(tablesNaming(bridge.getBean(JdbcTemplate.class), EMAIL)).as("the email goes when it is manual")
                .isEmpty();
    }

    // --- the bridge ---------------------------------------------------------------------------------------------

    private Map<String, Object> customerIoOnly() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("bridge.destinations.customerio.credentials.site-id", "site");
        properties.put("bridge.destinations.customerio.credentials.api-key", "key");
        properties.put("bridge.destinations.customerio.base-url", vendors.baseUrl() + "/cio");
        return properties;
    }

    private Map<String, Object> allDestinations() {
        Map<String, Object> properties = customerIoOnly();
        properties.put("bridge.destinations.iterable.credentials.api-key", "key");
        properties.put("bridge.destinations.iterable.base-url", vendors.baseUrl() + "/iterable");
        properties.put("bridge.destinations.iterable.identity.strategy", "lookup-table");
        properties.put("bridge.destinations.klaviyo.credentials.private-api-key", "pk_test");
        properties.put("bridge.destinations.klaviyo.base-url", vendors.baseUrl() + "/klaviyo");
        properties.put("bridge.destinations.klaviyo.identity.strategy", "lookup-table");
        properties.put("bridge.destinations.mparticle.credentials.api-key", "key");
        properties.put("bridge.destinations.mparticle.credentials.api-secret", "secret");
        properties.put("bridge.destinations.mparticle.base-url", vendors.baseUrl() + "/mparticle/v2");
        properties.put("bridge.destinations.segment.credentials.write-key", "write-key");
        properties.put("bridge.destinations.segment.base-url", vendors.baseUrl() + "/segment");
        properties.put("bridge.destinations.segment.identity.strategy", "lookup-table");
        properties.put("bridge.destinations.segment.identity.lookup-field", "phone");
        properties.put("bridge.destinations.webhook.credentials.secret", "whsec_"
                + java.util.Base64.getEncoder().encodeToString("a-test-secret-of-enough-bytes".getBytes()));
        properties.put("bridge.destinations.webhook.base-url", vendors.baseUrl() + "/webhook");
        return properties;
    }

    private ConfigurableApplicationContext start(Map<String, String> database, Map<String, Object> destinations) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(BridgeApplication.class)
                .run(settings(database, destinations).toArray(String[]::new));
        started.add(context);
        return context;
    }

    private static List<String> settings(Map<String, String> database, Map<String, Object> destinations) {
        Map<String, Object> properties = new HashMap<>(destinations);
        properties.putAll(database);
        properties.put("server.port", 0);
        properties.put("management.server.port", 0);
        properties.put("bridge.webhook.secret", Webhooks.SECRET);
        properties.put("bridge.admin.username", "test-admin");
        properties.put("bridge.admin.password", "test-admin-password");
        properties.put("bridge.privacy.erasure-interval-ms", 200);
        properties.put("bridge.privacy.first-retry", "200ms");
        properties.put("bridge.privacy.erasure-settle", "1s");
        properties.put("bridge.destination-defaults.poll-interval-ms", 50);
        properties.put("bridge.destination-defaults.bulk.min-items", 0);
        properties.put("bridge.destination-defaults.redelivery.maximum-redeliveries", 1);
        properties.put("bridge.destination-defaults.redelivery.delay-ms", 20);
        properties.put("bridge.delivery.reschedule-initial", "10m");
        // as arguments, so they win over config/application.yaml as a deployment's settings would
        return properties.entrySet().stream().map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                .toList();
    }

    private static int port(ConfigurableApplicationContext bridge) {
        return bridge.getEnvironment().getProperty("local.server.port", Integer.class);
    }

    private static JsonNode admin(ConfigurableApplicationContext bridge, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + bridge.getEnvironment().getProperty("local.management.port") + path))
                .header("Authorization", OPERATOR).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("%s %s: %s", method, path, answer.body()).isBetween(200, 299);
        return answer.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(answer.body());
    }

    private static String prometheus(ConfigurableApplicationContext bridge) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + bridge.getEnvironment().getProperty("local.management.port") + "/actuator/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String status(JsonNode person, String destination) {
        return person.path("deliveries").path(destination).path(0).path("status").asString();
    }

    private static JsonNode task(JsonNode request, String destination) {
        for (JsonNode task : request.path("tasks")) {
            if (task.path("destination").asString().equals(destination)) {
                return task;
            }
        }
        throw new AssertionError("no task for " + destination + " in " + request);
    }

    /** Every text column of every table holding {@code text}, as table.column with the number of rows. */
    private static Map<String, Long> tablesNaming(JdbcTemplate jdbc, String text) {
        Map<String, Long> found = new HashMap<>();
        String schema = "UPPER(table_schema) = UPPER(CURRENT_SCHEMA)";
        jdbc.query("SELECT table_name, column_name FROM information_schema.columns WHERE " + schema
                + " AND UPPER(data_type) IN ('CHARACTER VARYING', 'CHARACTER LARGE OBJECT', 'CHARACTER', 'TEXT')"
                + " AND table_name IN (SELECT table_name FROM information_schema.tables WHERE " + schema
                + " AND table_type = 'BASE TABLE')", rs -> {
            String table = rs.getString(1).toLowerCase();
            String column = rs.getString(2).toLowerCase();
            long rows = jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE LOWER(" + column
                    + ") LIKE ?", Long.class, "%" + text.toLowerCase() + "%");
            if (rows > 0) {
                found.put(table + "." + column, rows);
            }
        });
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE " + schema
                + " AND table_type = 'BASE TABLE'", Long.class)).as("the scan sees the tables").isGreaterThan(10);
        return found;
    }
}
