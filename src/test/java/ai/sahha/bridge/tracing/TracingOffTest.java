package ai.sahha.bridge.tracing;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static ai.sahha.bridge.support.Webhooks.archetype;
import static ai.sahha.bridge.support.Webhooks.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.Webhooks;
import io.micrometer.tracing.Tracer;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** By default tracing is off: no tracer, no listener on Camel's events, and no trace context journaled. */
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bridge.webhook.secret=" + Webhooks.SECRET,
                "bridge.destinations.customerio.credentials.site-id=site",
                "bridge.destinations.customerio.credentials.api-key=key",
                "bridge.destinations.customerio.base-url=http://127.0.0.1:9"})
@DirtiesContext
class TracingOffTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", () -> TestDataDirs.create("tracing-off").toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    CamelContext camel;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void nothingIsTracedOrJournaledForTracing() throws Exception {
        byte[] body = json(archetype("untraced-person", "short_sleeper", "2025-07-13T13:08:53Z"));
        HttpResponse<String> answer = Webhooks.postTraced(port, ARCHETYPE, "untraced-person", body,
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(answer.statusCode()).isEqualTo(200);

        assertThat(TracingConfiguration.tracer(context.getEnvironment(), context.getBeanProvider(Tracer.class)))
                .isNull();
        assertThat(context.getBeansOfType(io.opentelemetry.sdk.trace.SdkTracerProvider.class))
                .as("no span processor or exporter").isEmpty();
        assertThat(camel.getManagementStrategy().getEventNotifiers()).noneMatch(VendorCallSpans.class::isInstance);
        assertThat(jdbc.queryForList("SELECT trace_parent FROM journal_event", String.class))
                .singleElement().isNull();
    }
}
