package ai.sahha.bridge.routes;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static ai.sahha.bridge.support.Webhooks.archetype;
import static ai.sahha.bridge.support.Webhooks.json;
import static ai.sahha.bridge.support.Webhooks.post;
import static org.assertj.core.api.Assertions.assertThat;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.journal.DeliveryJob;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.Webhooks;
import org.apache.camel.EndpointInject;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The routes a destination's file makes from the shared templates keep the route and node ids operators and tests
 * address ({@code customerio-poll}, {@code customerio-handoff}, ...): advised by id, the poller's hand-off to the
 * deliver route goes to a mock instead, and an accepted webhook arrives there as the delivery it claimed.
 * (The deliver and bulk-call routes are not advised here: Camel 4.22 cannot re-create a route whose dead letter
 * channel names its redelivery policy by reference, as those do.)
 */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bridge.webhook.secret=" + Webhooks.SECRET, "management.server.port=0",
                "bridge.destinations.customerio.credentials.site-id=site",
                "bridge.destinations.customerio.credentials.api-key=key",
                "bridge.destinations.customerio.base-url=http://127.0.0.1:9",
                "bridge.destinations.customerio.poll-interval-ms=50",
                "bridge.destinations.customerio.bulk.min-items=0"})
@DirtiesContext
class DeliveryTemplateRouteTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", () -> TestDataDirs.create("template-routes").toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    ModelCamelContext camel;

    @EndpointInject("mock:customerio")
    MockEndpoint customerIo;

    @BeforeEach
    void adviseOnce() throws Exception {
        if (camel.getStatus().isStarted()) {
            return;
        }
        // a node is found by its id in the template; it runs as customerio-handoff (prefixId)
        AdviceWith.adviceWith(camel, "customerio-poll",
                route -> route.weaveById("handoff").replace().to("mock:customerio"));
        camel.start();
    }

    @Test
    void aDestinationsRoutesAndStepsKeepTheirIds() throws Exception {
        assertThat(camel.getRoute("customerio-poll")).isNotNull();
        assertThat(camel.getRoute("customerio-bulk-call")).isNotNull();
        assertThat(camel.getRoute("segment-deliver")).as("off: no credentials").isNull();
        for (String node : new String[] {"customerio-claim", "customerio-each-person", "customerio-finish-claim",
                "customerio-http", "customerio-rate-limit", "customerio-bulk-http"}) {
            assertThat(camel.getProcessor(node)).as(node).isNotNull();
        }
        customerIo.expectedMessageCount(1);

        assertThat(post(port, ARCHETYPE, "template-1", json(archetype("template-1", "short_sleeper",
                "2025-07-13T13:08:53Z"))).statusCode()).isEqualTo(200);

        customerIo.assertIsSatisfied(20_000);
        DeliveryJob job = customerIo.getReceivedExchanges().get(0).getMessage().getBody(DeliveryJob.class);
        assertThat(job.destination()).isEqualTo("customerio");
        assertThat(job.externalId()).isEqualTo("template-1");
    }
}
