package ai.sahha.bridge.admin;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static ai.sahha.bridge.support.Webhooks.archetype;
import static ai.sahha.bridge.support.Webhooks.json;
import static ai.sahha.bridge.support.Webhooks.post;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.Webhooks;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console over HTTP as a browser without JavaScript uses it: a login form, a session, a CSRF token in every form
 * that changes something. Customer.io answers 400; the operator finds the dead letter by filter, sees its attempt
 * history, replays it after confirming the count, and Customer.io (now answering 200) gets it.
 */
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bridge.webhook.secret=" + Webhooks.SECRET, "management.server.port=0",
                "bridge.destinations.customerio.credentials.site-id=site",
                "bridge.destinations.customerio.credentials.api-key=key",
                "bridge.destinations.customerio.bulk.min-items=0",
                "bridge.destinations.customerio.poll-interval-ms=50", "bridge.privacy.erasure-interval-ms=200",
                "bridge.privacy.erasure-settle=1s",
                "bridge.admin.viewer-username=viewer", "bridge.admin.viewer-password=viewer-password"})
@DirtiesContext
class ConsoleTest {

    private static final WireMockServer CUSTOMER_IO = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    static {
        CUSTOMER_IO.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", () -> TestDataDirs.create("console").toString());
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

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    @Test
    void withoutLoggingInEveryPageLeadsToTheLoginFormAndTheWebhookPortHasNoConsole() throws Exception {
        HttpResponse<String> overview = get("/console/");
        assertThat(overview.statusCode()).isEqualTo(302);
        assertThat(overview.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/console/login"));
        assertThat(get("/console/login").body()).contains("name=\"password\"", "name=\"_csrf\"");
        HttpResponse<String> webhookPort = send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/console/")).GET());
        assertThat(webhookPort.statusCode()).isEqualTo(404);
        assertThat(login("test-admin", "wrong").headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/console/login?error"));
    }

    @Test
    void anOperatorFindsADeadLetterByFilterAndReplaysItAfterConfirmingTheCount() throws Exception {
        CUSTOMER_IO.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(400)
                .withBody("{\"meta\":{\"error\":\"attribute too long\"}}")));
        assertThat(post(port, ARCHETYPE, "console-person", json(archetype("console-person", "short_sleeper",
                "2025-07-13T13:08:53Z"))).statusCode()).isEqualTo(200);

        assertThat(login("test-admin", "test-admin-password").headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/console/"));
        assertThat(get("/console/").body()).contains("data-destination=\"customerio\"", "Sent, last minute",
                "this replica");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                get("/console/dead-letters?destination=customerio&vendorStatus=4xx").body()
                        .contains("1 dead letter(s) match"));
        String list = get("/console/dead-letters?destination=customerio&vendorStatus=4xx").body();
        assertThat(list).contains("400", "attribute too long", "1 attempt(s)", "dead_letter")
                .doesNotContain("console-person", "short_sleeper");
        assertThat(get("/console/dead-letters?destination=customerio&vendorStatus=5xx").body())
                .contains("0 dead letter(s) match");
        String id = find(Pattern.compile("name=\"id\" value=\"(\\d+)\""), list);

        assertThat(form("/console/dead-letters/replay", "action=selected&id=" + id, null).statusCode())
                .as("no CSRF token").isEqualTo(403);
        CUSTOMER_IO.resetAll();
        CUSTOMER_IO.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
        String confirm = form("/console/dead-letters/replay", "action=matching&destination=customerio"
                + "&vendorStatus=4xx", find(CSRF, list)).body();
        assertThat(confirm).contains("This puts <strong>1</strong> dead letter(s) back in line");
        assertThat(CUSTOMER_IO.findAll(postRequestedFor(anyUrl()))).as("nothing before it is confirmed").isEmpty();
        String asOf = find(Pattern.compile("name=\"asOf\" value=\"(\\d+)\""), confirm);
        HttpResponse<String> replayed = form("/console/dead-letters/replay", "action=matching&destination=customerio"
                + "&vendorStatus=4xx&confirmed=1&asOf=" + asOf, find(CSRF, confirm));
        assertThat(replayed.statusCode()).isEqualTo(302);
        assertThat(get("/console/dead-letters").body()).contains("Replayed 1 dead letter(s).",
                "0 dead letter(s) match");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(CUSTOMER_IO.findAll(
                postRequestedFor(urlPathMatching("/api/v1/customers/.*/events")))).hasSize(1));
    }

    @Test
    void anOperatorFindsAPersonAndForgetsThemAfterConfirming() throws Exception {
        CUSTOMER_IO.stubFor(any(urlPathMatching("/api/v1/customers/console-forgotten.*"))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        assertThat(post(port, ARCHETYPE, "console-forgotten", json(archetype("console-forgotten", "short_sleeper",
                "2025-07-13T13:08:53Z"))).statusCode()).isEqualTo(200);
        login("test-admin", "test-admin-password");
        String people = get("/console/people").body();
        assertThat(people).contains("Find a person", "Erasure requests");
        await().atMost(Duration.ofSeconds(20)).until(() -> form("/console/people/find",
                "externalId=console-forgotten", find(CSRF, people)).body().contains("<td>DELIVERED</td>"));
        String found = form("/console/people/find", "externalId=console-forgotten", find(CSRF, people)).body();
        assertThat(found).contains("data-destination=\"customerio\"", "ArchetypeCreatedIntegrationEvent")
                .doesNotContain("short_sleeper");

        String confirm = form("/console/people/forget", "externalId=console-forgotten", find(CSRF, found)).body();
        assertThat(confirm).contains("It cannot be undone.", "id=\"confirm-forget\"");
        assertThat(CUSTOMER_IO.findAll(deleteRequestedFor(anyUrl()))).as("nothing before it is confirmed").isEmpty();
        HttpResponse<String> forgotten = form("/console/people/forget", "externalId=console-forgotten&confirmed=1",
                find(CSRF, confirm));
        assertThat(forgotten.statusCode()).isEqualTo(302);
        assertThat(get("/console/people").body()).contains("Forgotten here; request ", "customerio: <strong>");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(CUSTOMER_IO.findAll(
                deleteRequestedFor(urlPathMatching("/api/v1/customers/console-forgotten")))).hasSize(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/console/people").body()
                .contains("customerio: <strong>DONE</strong>"));
        String after = form("/console/people/find", "externalId=console-forgotten", find(CSRF, people)).body();
        assertThat(after).contains("<strong>Suppressed</strong>").doesNotContain("<td>DELIVERED</td>");
    }

    @Test
    void theViewerReadsButCannotReplay() throws Exception {
        login("viewer", "viewer-password");
        String page = get("/console/dead-letters").body();
        assertThat(page).contains("dead letter(s) match");
        assertThat(form("/console/dead-letters/replay", "action=matching&destination=customerio", find(CSRF, page))
                .statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> login(String user, String password) throws Exception {
        String token = find(CSRF, get("/console/login").body());
        return form("/console/login", "username=" + user + "&password=" + password, token);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).GET());
    }

    private HttpResponse<String> form(String path, String fields, String csrf) throws Exception {
        String body = csrf == null ? fields : fields + "&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String find(Pattern pattern, String page) {
        Matcher matcher = pattern.matcher(page);
        assertThat(matcher.find()).as("%s in the page", pattern).isTrue();
        return matcher.group(1);
    }
}
