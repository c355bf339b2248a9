package ai.sahha.bridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The management port as someone who reaches it sees it (finding 1 of the security review: anyone could replay
 * dead letters, start backfills, unpark, and remap a person's externalId to an address of their choosing). Probes
 * stay open; everything else asks for the operator (a {@code {bcrypt}} password here, or the bearer token) or, to
 * read only, the viewer; metrics too with {@code protect-metrics}.
 */
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bridge.webhook.secret=" + Webhooks.SECRET, "management.server.port=0",
                "bridge.admin.token=machine-token-1234567890", "bridge.admin.viewer-username=viewer",
                "bridge.admin.viewer-password=viewer-password", "bridge.admin.protect-metrics=true"})
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class AdminAccessTest {

    private static final String OPERATOR_HASH = "{bcrypt}" + new BCryptPasswordEncoder().encode("test-admin-password");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", () -> TestDataDirs.create("admin-access").toString());
        registry.add("bridge.admin.password", () -> OPERATOR_HASH);
    }

    @LocalManagementPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void withoutCredentialsNothingButTheProbesAnswers() {
        for (String probe : new String[] {"health", "health/liveness", "health/readiness"}) {
            assertThat(call("GET", probe, null, null).statusCode()).as(probe).isEqualTo(200);
        }
        assertThat(call("GET", "deadletters", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "prometheus", null, null).statusCode()).as("protect-metrics").isEqualTo(401);
        assertThat(call("GET", "info", null, null).statusCode()).isEqualTo(401);
        assertThat(call("POST", "deadletters", null, "{\"destination\":\"customerio\"}").statusCode()).isEqualTo(401);
        assertThat(call("POST", "backfill", null, "{\"all\":true}").statusCode()).isEqualTo(401);
        assertThat(call("POST", "parked", null, "{}").statusCode()).isEqualTo(401);
        HttpResponse<String> remap = call("POST", "identities", null,
                "{\"externalId\":\"victim\",\"email\":\"attacker@example.com\"}");
        assertThat(remap.statusCode()).isEqualTo(401);
        assertThat(remap.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM identity_map", Integer.class)).isZero();
    }

    @Test
    void wrongCredentialsAreRefused() {
        assertThat(call("GET", "deadletters", basic("test-admin", "guess"), null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "deadletters", "Bearer not-the-token", null).statusCode()).isEqualTo(401);
    }

    @Test
    void theOperatorMayReadAndChangeWithABcryptPasswordOrTheBearerToken(CapturedOutput log) {
        assertThat(call("GET", "deadletters", Webhooks.ADMIN, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "prometheus", Webhooks.ADMIN, null).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = call("POST", "deadletters", "Bearer machine-token-1234567890",
                "{\"destination\":\"segment\"}");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo("{\"replayed\":0}");
        assertThat(log).contains("audit: replay dead letters by token: destination segment, since any time (0 affected)");

        HttpResponse<String> mapped = call("POST", "identities", Webhooks.ADMIN,
                "{\"externalId\":\"person-7\",\"email\":\"person7@example.com\"}");
        assertThat(mapped.statusCode()).isEqualTo(200);
        assertThat(log).contains("audit: save identity mappings by test-admin: 1 mapping(s)")
                .doesNotContain("person7@example.com").doesNotContain("person-7");
    }

    @Test
    void theViewerMayReadButNotChange() {
        String viewer = basic("viewer", "viewer-password");
        assertThat(call("GET", "deadletters", viewer, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "identities", viewer, null).statusCode()).isEqualTo(200);
        assertThat(call("POST", "deadletters", viewer, "{\"destination\":\"segment\"}").statusCode()).isEqualTo(403);
        assertThat(call("POST", "identities", viewer, "{\"externalId\":\"x\",\"email\":\"x@example.com\"}")
                .statusCode()).isEqualTo(403);
    }

    /** A browser that holds the operator's Basic credentials cannot be made to change anything by another site. */
    @Test
    void aCrossSiteFormPostChangesNothing() {
        HttpResponse<String> form = Webhooks.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/identities"))
                .header("Authorization", Webhooks.ADMIN).header("Content-Type", "text/plain")
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"externalId\":\"victim\",\"email\":\"a@evil.example\"}"))
                .build());
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM identity_map WHERE external_id = 'victim'",
                Integer.class)).isZero();
    }

    private HttpResponse<String> call(String method, String endpoint, String authorization, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/"
                        + endpoint)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return Webhooks.send(request.build());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
