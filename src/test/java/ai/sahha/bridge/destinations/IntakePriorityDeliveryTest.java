package ai.sahha.bridge.destinations;

import static ai.sahha.bridge.support.VendorStandIn.SEGMENT_IDENTIFY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.VendorStandIn;
import ai.sahha.bridge.support.Webhooks;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * While intake counts as saturated the destinations claim nothing, and they deliver once it is not. Here one
 * webhook per commit already counts, so a steady stream of webhooks holds delivery back.
 */
@CamelSpringBootTest
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "bridge.webhook.secret=" + Webhooks.SECRET,
                "management.server.port=0",
                "bridge.destinations.segment.credentials.write-key=write-key",
                // call by call, whatever a claim's size: BulkDeliveryTest covers bulk calls
                "bridge.destinations.segment.bulk.min-items=0",
                "bridge.destinations.segment.poll-interval-ms=50",
                "bridge.delivery.intake-priority.busy-batch=1",
                "bridge.delivery.intake-priority.max-pause=1m"})
@DirtiesContext
class IntakePriorityDeliveryTest {

    static final VendorStandIn VENDORS = new VendorStandIn();
    static final Path DATA = TestDataDirs.create("intake-priority");

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

    @Test
    void deliveryWaitsWhileWebhooksKeepComingAndCatchesUpAfter() throws InterruptedException {
        Instant streamEnds = Instant.now().plusSeconds(4);
        int sent = 0;
        while (Instant.now().isBefore(streamEnds)) {
            String person = "busy-" + sent++;
            Webhooks.post(port, Webhooks.ARCHETYPE, person,
                    Webhooks.json(Webhooks.archetype(person, "short_sleeper", "2025-07-13T13:08:53Z")));
            Thread.sleep(50);
        }
        // the first second is sampled before delivery knows intake is busy; after that, nothing goes out
        assertThat(VENDORS.calls("POST", SEGMENT_IDENTIFY, "busy-" + (sent - 1))).isEmpty();
        assertThat(VENDORS.calls("POST", SEGMENT_IDENTIFY, "busy-" + (sent * 3 / 4))).isEmpty();

        String last = "busy-" + (sent - 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !VENDORS.calls("POST", SEGMENT_IDENTIFY, last).isEmpty());
    }
}
