package ai.sahha.bridge.destinations;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static ai.sahha.bridge.support.Webhooks.archetype;
import static ai.sahha.bridge.support.Webhooks.json;
import static ai.sahha.bridge.support.Webhooks.post;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.sahha.bridge.support.ChildBridge;
import ai.sahha.bridge.support.TestDataDirs;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * Does exactly what the README's "Add a destination" section says, with its own command and configuration block
 * (read from the README), in a folder laid out as a deployment is (routes/ and config/ beside the jar), and checks
 * that the new destination gets its calls: no Java, no rebuild.
 */
class AddADestinationTest {

    @Test
    void theReadmesStepsAddAWorkingDestination() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Add a destination"));
        section = section.substring(0, section.indexOf("\n## ", 4));
        Matcher command = Pattern.compile("```sh\\n\\s*(sed [^\\n]+)\\n").matcher(section);
        Matcher block = Pattern.compile("```yaml\\n(.*?)\\n\\s*```", Pattern.DOTALL).matcher(section);
        assertThat(command.find()).isTrue();
        assertThat(block.find()).isTrue();

        Path deployment = TestDataDirs.create("add-a-destination");
        FileSystemUtils.copyRecursively(Path.of("routes"), deployment.resolve("routes"));
        FileSystemUtils.copyRecursively(Path.of("config"), deployment.resolve("config"));
        Process sed = new ProcessBuilder("sh", "-c", command.group(1)).directory(deployment.toFile()).start();
        assertThat(sed.waitFor()).isZero();
        String yaml = block.group(1).lines().map(line -> line.startsWith("   ") ? line.substring(3) : line)
                .reduce("", (all, line) -> all + line + "\n");
        Files.writeString(deployment.resolve("config/application.yaml"), yaml, StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        WireMockServer acme = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        acme.start();
        acme.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
        Path data = deployment.resolve("data");
        Files.createDirectories(data);
        try (ChildBridge bridge = ChildBridge.start(deployment, Map.of("ACME_API_KEY", "acme-key",
                "ACME_BASE_URL", acme.baseUrl()), data, Map.of())) {
            assertThat(post(bridge.port(), ARCHETYPE, "acme-person-1", json(archetype("acme-person-1",
                    "short_sleeper", "2025-07-13T13:08:53Z"))).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                acme.verify(putRequestedFor(urlEqualTo("/v1/people/acme-person-1"))
                        .withHeader("Authorization", equalTo("Bearer acme-key")));
                acme.verify(postRequestedFor(urlEqualTo("/v1/people/acme-person-1/events")));
            });
            assertThat(acme.findAll(putRequestedFor(anyUrl())).get(0).getBodyAsString())
                    .contains("\"traits\":{\"sahha_archetype_sleep_duration\":\"short_sleeper\"}");
            assertThat(Files.readString(data.resolve("bridge.log"))).containsPattern("Destinations on: [a-z, ]*acme");
        } finally {
            acme.stop();
        }
    }
}
