package ai.sahha.bridge.tracing;

import io.micrometer.tracing.Tracer;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Tracing is off unless {@code BRIDGE_TRACING=true} (see {@code management.tracing} in the configuration): then
 * Spring Boot's OpenTelemetry support makes a span per webhook and exports spans over OTLP, and this adds a span per
 * vendor call. Off, there is no tracer, nothing is listened to, and intake journals no trace context.
 */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {

    /**
     * The tracer when tracing is on, else null. Spring Boot makes a tracer even when tracing is off (over a no-op
     * OpenTelemetry), so the setting decides.
     */
    public static Tracer tracer(Environment environment, ObjectProvider<Tracer> tracer) {
        Tracer available = tracer.getIfAvailable();
        boolean on = environment.getProperty("management.tracing.enabled", Boolean.class, false);
        return !on || available == null || available == Tracer.NOOP ? null : available;
    }

    @Bean
    CamelContextConfiguration vendorCallSpans(Environment environment, ObjectProvider<Tracer> tracer) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                Tracer on = tracer(environment, tracer);
                if (on != null) {
                    camel.getManagementStrategy().addEventNotifier(new VendorCallSpans(on));
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // nothing once started
            }
        };
    }
}
