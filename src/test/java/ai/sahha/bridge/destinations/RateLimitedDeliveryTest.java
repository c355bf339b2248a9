package ai.sahha.bridge.destinations;

import static ai.sahha.bridge.support.VendorStandIn.SEGMENT_IDENTIFY;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.VendorStandIn;
import ai.sahha.bridge.support.Webhooks;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A destination's calls keep to its configured rate limit, and a 429 slows it down further. */
@CamelSpringBootTest
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "bridge.webhook.secret=" + Webhooks.SECRET,
                "management.server.port=0",
                // call by call, whatever a claim's size: BulkDeliveryTest covers bulk calls
                "bridge.destinations.segment.bulk.min-items=0",
                "bridge.destinations.segment.credentials.write-key=write-key",
                "bridge.destinations.segment.poll-interval-ms=50",
                "bridge.destinations.segment.rate-limits[0].path=",
                "bridge.destinations.segment.rate-limits[0].per-second=5",
                "bridge.destinations.segment.rate-limits[0].per-minute=0",
                "bridge.destinations.segment.redelivery.delay-ms=50"})
@DirtiesContext
class RateLimitedDeliveryTest {

    static final VendorStandIn VENDORS = new VendorStandIn();
    static final Path DATA = TestDataDirs.create("rate-limited");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", DATA::toString);
        registry.add("bridge.destinations.segment.base-url", VENDORS::baseUrl);
    }

    @AfterAll
    static void stop() {
        VENDORS.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void callsAreSpacedToTheRateLimitAndA429SlowsThemFurther() {
        List<String> people = IntStream.range(0, 10).mapToObj(i -> "limited-" + i).toList();
        people.forEach(person -> Webhooks.post(port, Webhooks.ARCHETYPE, person,
                Webhooks.json(Webhooks.archetype(person, "short_sleeper", "2025-07-13T13:08:53Z"))));

        await().atMost(Duration.ofSeconds(20)).until(() -> calls().size() >= 20);
        List<LoggedRequest> calls = calls();
        // 20 calls at 5 a second, after a burst of at most 5: at least 3 seconds from first to last
        assertThat(Duration.between(calls.get(0).getLoggedDate().toInstant(),
                calls.get(19).getLoggedDate().toInstant())).isGreaterThanOrEqualTo(Duration.ofMillis(2800));

        VENDORS.server().stubFor(post(urlPathMatching("/v1/.*")).atPriority(1).inScenario("429")
                .whenScenarioStateIs(STARTED).willReturn(aResponse().withStatus(429)).willSetStateTo("ok"));
        Webhooks.post(port, Webhooks.ARCHETYPE, "limited-throttled",
                Webhooks.json(Webhooks.archetype("limited-throttled", "short_sleeper", "2025-07-13T13:08:53Z")));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> VENDORS.calls("POST", SEGMENT_IDENTIFY, "limited-throttled").size() >= 2);
        // cut by 30 % by the 429; accepted calls bring it back a tenth a second
        assertThat(meters.get("bridge.vendor.rate_factor").tag("destination", "segment").gauge().value())
                .isBetween(0.69, 0.81);
        assertThat(meters.get("bridge.vendor.calls").tag("destination", "segment").tag("outcome", "throttled")
                .counter().count()).isEqualTo(1);
    }

    private static List<LoggedRequest> calls() {
        return VENDORS.server().findAll(anyRequestedFor(urlPathMatching("/v1/.*"))).stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    }

}
