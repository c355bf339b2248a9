package ai.sahha.bridge.admin;

import java.time.Clock;
import java.util.TreeSet;

import ai.sahha.bridge.backfill.BackfillService;
import ai.sahha.bridge.config.BridgeProperties;
import ai.sahha.bridge.journal.DeliveryStore;
import ai.sahha.bridge.privacy.PersonRecords;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.MultipartConfigElement;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * The console's servlet, in the management port's own context (listed in
 * {@code META-INF/spring/...ManagementContextConfiguration.imports}) so that it is never served on the webhook port.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class ConsoleConfiguration {

    /** Uploads (identity CSVs, backfill lists) up to 16 MB, on disk beyond 64 KB rather than in memory. */
    private static final long MAX_UPLOAD = 16L << 20;

    @Bean
    CounterHistory consoleCounterHistory(MeterRegistry meters, Clock clock) {
        return new CounterHistory(meters, clock);
    }

    @Bean
    ServletRegistrationBean<ConsoleServlet> console(DeliveryStore store, BridgeProperties properties,
                                                    MeterRegistry meters, CounterHistory counters,
                                                    DeadLetterEndpoint deadLetters, ParkedEndpoint parked,
                                                    IdentityEndpoint identities, BackfillEndpoint backfill,
                                                    BackfillService backfills, PeopleEndpoint people,
                                                    PersonRecords records, Clock clock) {
        ConsoleServlet servlet = new ConsoleServlet(new ConsoleServlet.Collaborators(store,
                new TreeSet<>(properties.destinations().keySet()),
                new TreeSet<>(properties.enabledDestinations().keySet()), meters, counters, deadLetters, parked,
                identities, backfill, backfills, people, records, AdminSecurity.operatorConfigured(properties.admin()),
                clock));
        ServletRegistrationBean<ConsoleServlet> registration = new ServletRegistrationBean<>(servlet, "/console/*");
        registration.setName("console");
        registration.setMultipartConfig(new MultipartConfigElement(null, MAX_UPLOAD, MAX_UPLOAD + (1 << 20), 64 << 10));
        return registration;
    }
}
