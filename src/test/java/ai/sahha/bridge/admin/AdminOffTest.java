package ai.sahha.bridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With no admin credentials the admin endpoints do not exist at all, and the start-up log says how to add them. */
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bridge.webhook.secret=" + Webhooks.SECRET, "management.server.port=0",
                "bridge.admin.username=", "bridge.admin.password=", "bridge.admin.token="})
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class AdminOffTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", () -> TestDataDirs.create("admin-off").toString());
    }

    @LocalManagementPort
    int port;

    @Test
    void onlyProbesAndMetricsAreServedAndTheLogSaysHowToTurnTheApiOn(CapturedOutput log) {
        assertThat(get("health/readiness")).isEqualTo(200);
        assertThat(get("prometheus")).isEqualTo(200);
        for (String endpoint : new String[] {"deadletters", "parked", "identities", "backfill", "info"}) {
            assertThat(get(endpoint)).as(endpoint).isIn(401, 404);
        }
        assertThat(Webhooks.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator"))
                .build()).body()).doesNotContain("deadletters", "identities", "backfill", "parked");
        assertThat(log).contains("The admin API is off", "BRIDGE_ADMIN_USERNAME", "BRIDGE_ADMIN_PASSWORD",
                "BRIDGE_ADMIN_TOKEN");
    }

    private int get(String endpoint) {
        return Webhooks.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/" + endpoint))
                .build()).statusCode();
    }
}
