package ai.sahha.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

@ExtendWith(OutputCaptureExtension.class)
class StartupConfigurationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void withoutAWebhookSecretTheBridgeDoesNotStartAndSaysWhy(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(BridgeApplication.class).run("--server.port=0",
                "--management.server.port=0", "--bridge.webhook.secret=",
                "--bridge.data-dir=" + TestDataDirs.create("no-secret")))
                .hasRootCauseInstanceOf(MissingWebhookSecretException.class);
        assertThat(output.getAll()).contains("SAHHA_WEBHOOK_SECRET is not set, so no Sahha webhook could be verified");
    }

    @Test
    void aDotEnvFileIsReadLikeTheEnvironment() throws Exception {
        Path file = TestDataDirs.create("dotenv").resolve(".env");
        Files.writeString(file, """
                # Sahha
                SAHHA_WEBHOOK_SECRET="quoted secret"
                export CIO_SITE_ID=site-1
                CIO_API_KEY='key=with=equals'

                """);
        assertThat(BridgeEnvironment.readDotEnv(file)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SAHHA_WEBHOOK_SECRET", "quoted secret", "CIO_SITE_ID", "site-1", "CIO_API_KEY", "key=with=equals"));
    }

    @Test
    void aDestinationIsOnExactlyWhenAllItsCredentialsAreSet() {
        assertThat(enabled(Map.of("bridge.destinations.customerio.credentials.site-id", "s",
                "bridge.destinations.customerio.credentials.api-key", "k"))).isTrue();
        assertThat(enabled(Map.of("bridge.destinations.customerio.credentials.site-id", "s"))).isFalse();
        assertThat(enabled(Map.of("bridge.destinations.customerio.credentials.site-id", "s",
                "bridge.destinations.customerio.credentials.api-key", " "))).isFalse();
    }

    @Test
    void theTutorialsVariableNamesTurnEachDestinationOnAndTheStartupLogSaysWhichAreOn(CapturedOutput output)
            throws Exception {
        try (var context = new SpringApplicationBuilder(BridgeApplication.class).run("--server.port=0",
                "--management.server.port=0", "--SAHHA_WEBHOOK_SECRET=s",
                "--bridge.data-dir=" + TestDataDirs.create("all-destinations"),
                "--CIO_SITE_ID=site", "--CIO_API_KEY=key", "--CIO_BASE_URL=http://127.0.0.1:9",
                "--SEGMENT_WRITE_KEY=w", "--ITERABLE_API_KEY=i", "--KLAVIYO_PRIVATE_API_KEY=pk",
                "--MPARTICLE_API_KEY=mk")) {
            assertThat(output.getAll()).contains("Destinations on: customerio, iterable, klaviyo, segment."
                    + " Off (credentials not set): mparticle, webhook.");
            assertThat(context.getBean(org.apache.camel.CamelContext.class).getRoute("segment-deliver")).isNotNull();
            assertThat(context.getBean(org.apache.camel.CamelContext.class).getRoute("mparticle-deliver")).isNull();

            // their defaults take the externalId for an email address: said loudly, not parked silently
            assertThat(output.getAll()).contains("Identity: iterable takes Sahha's externalId for an email address",
                    "Identity: klaviyo takes Sahha's externalId for an email address");
            int management = Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
            JsonNode identity = MAPPER.readTree(Webhooks.manage(management, "GET", "health", null).body())
                    .path("components").path("identity").path("details");
            assertThat(identity.path("klaviyo").path("strategy").asString()).isEqualTo("external-id-is-email");
            assertThat(identity.path("klaviyo").path("parked").asLong()).isZero();
            assertThat(identity.path("klaviyo").path("warning").asString()).contains("are parked");
            assertThat(identity.path("customerio").has("warning")).isFalse();
            assertThat(MAPPER.readTree(Webhooks.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + management + "/actuator/health")).build()).body()).has("components"))
                    .as("details for the admin credentials only").isFalse();
        }
    }

    private static Boolean enabled(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        environment.getPropertySources().addLast(new BridgeEnvironment.DestinationSwitches(environment));
        return environment.getProperty("bridge.destinations.customerio.enabled", Boolean.class);
    }
}
