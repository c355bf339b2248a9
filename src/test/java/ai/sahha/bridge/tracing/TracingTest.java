package ai.sahha.bridge.tracing;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static ai.sahha.bridge.support.Webhooks.archetype;
import static ai.sahha.bridge.support.Webhooks.json;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.Webhooks;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With tracing on, a webhook's span and the span of the vendor call that carried its event reach an OTLP collector
 * (a stand-in that decodes what it gets with the OTLP protobuf schema), the vendor call linked to the webhook.
 */
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bridge.webhook.secret=" + Webhooks.SECRET, "BRIDGE_TRACING=true",
                "management.opentelemetry.tracing.export.schedule-delay=100ms",
                "bridge.destinations.customerio.credentials.site-id=site",
                "bridge.destinations.customerio.credentials.api-key=key",
                "bridge.destinations.customerio.bulk.min-items=0",
                "bridge.destinations.customerio.poll-interval-ms=50"})
@DirtiesContext
class TracingTest {

    private static final WireMockServer CUSTOMER_IO = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final WireMockServer COLLECTOR = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    static {
        CUSTOMER_IO.start();
        COLLECTOR.start();
        CUSTOMER_IO.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
        COLLECTOR.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-protobuf")));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", () -> TestDataDirs.create("tracing").toString());
        registry.add("bridge.destinations.customerio.base-url", CUSTOMER_IO::baseUrl);
        registry.add("BRIDGE_TRACING_OTLP_ENDPOINT", () -> COLLECTOR.baseUrl() + "/v1/traces");
    }

    @AfterAll
    static void stop() {
        CUSTOMER_IO.stop();
        COLLECTOR.stop();
    }

    @LocalServerPort
    int port;

    @Test
    void theVendorCallThatCarriedAWebhooksEventIsLinkedToTheWebhooksSpan() throws Exception {
        byte[] body = json(archetype("traced-person", "short_sleeper", "2025-07-13T13:08:53Z"));
        HttpResponse<String> answer = Webhooks.postTraced(port, ARCHETYPE, "traced-person", body,
                "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
        assertThat(answer.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(CUSTOMER_IO.findAll(
                postRequestedFor(urlPathMatching("/api/v1/customers/.*/events")))).hasSize(1));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Span> spans = exportedSpans();
            Span webhook = spans.stream().filter(span -> hex(span.getTraceId().toByteArray()).equals(TRACE_ID)
                    && span.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
            Span vendorCall = spans.stream().filter(span -> span.getName().equals("vendor call")
                    && !span.getLinksList().isEmpty()).findFirst().orElseThrow();
            assertThat(vendorCall.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
            assertThat(vendorCall.getLinksList()).anySatisfy(link -> {
                assertThat(hex(link.getTraceId().toByteArray())).isEqualTo(TRACE_ID);
                assertThat(link.getSpanId()).isEqualTo(webhook.getSpanId());
            });
            assertThat(vendorCall.getAttributesList()).anySatisfy(attribute -> {
                assertThat(attribute.getKey()).isEqualTo("http.response.status_code");
                assertThat(attribute.getValue().getStringValue()).isEqualTo("200");
            }).anySatisfy(attribute -> {
                assertThat(attribute.getKey()).isEqualTo("bridge.destination");
                assertThat(attribute.getValue().getStringValue()).isEqualTo("customerio");
            });
            assertThat(spans).as("no span names or tags carry the person or the health value")
                    .allSatisfy(span -> assertThat(span.toString()).doesNotContain("traced-person", "short_sleeper"));
        });
    }

    private static List<Span> exportedSpans() {
        return COLLECTOR.findAll(postRequestedFor(urlEqualTo("/v1/traces"))).stream()
                .flatMap(request -> {
                    try {
                        return ExportTraceServiceRequest.parseFrom(request.getBody()).getResourceSpansList().stream();
                    } catch (InvalidProtocolBufferException e) {
                        throw new AssertionError("not an OTLP trace export", e);
                    }
                })
                .flatMap(resource -> resource.getScopeSpansList().stream())
                .flatMap(scope -> scope.getSpansList().stream())
                .flatMap(Stream::of).toList();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
