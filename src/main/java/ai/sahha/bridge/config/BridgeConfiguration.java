package ai.sahha.bridge.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import ai.sahha.bridge.delivery.DeliveryFailures;
import ai.sahha.bridge.delivery.DeliveryOutcomes;
import ai.sahha.bridge.delivery.RetryAfterPolicy;
import ai.sahha.bridge.delivery.VendorRequestPreparer;
import ai.sahha.bridge.destinations.customerio.CustomerIoRegion;
import ai.sahha.bridge.destinations.customerio.CustomerIoTranslator;
import ai.sahha.bridge.intake.EventValidator;
import ai.sahha.bridge.intake.IntakeResponses;
import ai.sahha.bridge.intake.JournalAppender;
import ai.sahha.bridge.intake.ReceiptRepository;
import ai.sahha.bridge.intake.SignatureVerifier;
import ai.sahha.bridge.journal.DeliveryStore;
import ai.sahha.bridge.journal.Journal;
import ai.sahha.bridge.journal.JournalHousekeeping;
import ai.sahha.bridge.journal.RetrySchedule;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers the plain-Java processors and services under the names the YAML routes use ({@code ref:}), built
 * from {@link BridgeProperties}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BridgeProperties.class)
public class BridgeConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    List<String> enabledDestinations(Environment environment) {
        return BridgeEnvironment.DESTINATION_CREDENTIALS.keySet().stream().sorted()
                .filter(name -> environment.getProperty("bridge.destinations." + name + ".enabled", Boolean.class, false))
                .toList();
    }

    // --- intake -----------------------------------------------------------------------------------------------

    @Bean
    FilterRegistrationBean<WebhookBodyGuard> webhookBodyGuard(BridgeProperties properties) {
        FilterRegistrationBean<WebhookBodyGuard> registration =
                new FilterRegistrationBean<>(new WebhookBodyGuard(properties.webhook().maxBodySize().toBytes()));
        registration.addUrlPatterns("/webhooks/*");
        return registration;
    }

    @Bean
    SignatureVerifier sahhaSignatureVerifier(BridgeProperties properties) {
        String secret = properties.webhook().secret();
        if (secret == null || secret.isBlank()) {
            throw new MissingWebhookSecretException();
        }
        return new SignatureVerifier(secret, properties.webhook().previousSecret());
    }

    @Bean
    EventValidator sahhaEventValidator(ObjectMapper mapper) {
        return new EventValidator(mapper);
    }

    @Bean
    ReceiptRepository webhookReceipts(BridgeProperties properties) {
        return new ReceiptRepository(properties.journal().dedupeCacheSize(), properties.journal().dedupeWindow());
    }

    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    Journal journal(DataSource dataSource, List<String> enabledDestinations, BridgeProperties properties, Clock clock) {
        BridgeProperties.Journal settings = properties.journal();
        return new Journal(dataSource, enabledDestinations, settings.queueCapacity(), settings.maxBatch(), clock);
    }

    @Bean
    JournalAppender journalAppender(Journal journal, BridgeProperties properties) {
        return new JournalAppender(journal, properties.journal().commitTimeout());
    }

    @Bean
    IntakeResponses intakeResponses(MeterRegistry meters) {
        return new IntakeResponses(meters);
    }

    // --- delivery ---------------------------------------------------------------------------------------------

    @Bean
    @DependsOnDatabaseInitialization
    DeliveryStore deliveryStore(DataSource dataSource, TransactionTemplate transactions, BridgeProperties properties,
                                Clock clock, List<String> enabledDestinations, MeterRegistry meters) {
        BridgeProperties.Delivery delivery = properties.delivery();
        DeliveryStore store = new DeliveryStore(dataSource, transactions, instanceId(properties), delivery.lease(),
                new RetrySchedule(delivery.rescheduleInitial(), delivery.rescheduleMaximum(), delivery.horizon()),
                clock);
        store.releaseOwnLeases();
        for (String destination : enabledDestinations) {
            Gauge.builder("bridge.delivery.backlog", store, s -> s.backlog(destination))
                    .tag("destination", destination).description("deliveries waiting, including retries")
                    .register(meters);
            Gauge.builder("bridge.delivery.dead_letters", store, s -> s.deadLetterCount(destination))
                    .tag("destination", destination).register(meters);
        }
        return store;
    }

    @Bean
    JournalHousekeeping journalHousekeeping(DeliveryStore store, BridgeProperties properties) {
        return new JournalHousekeeping(store, properties.journal().dedupeWindow(), properties.journal().retention());
    }

    @Bean
    DeliveryFailures deliveryFailures(Clock clock) {
        return new DeliveryFailures(clock);
    }

    @Bean
    DeliveryOutcomes deliveryOutcomes(DeliveryStore store, DeliveryFailures failures, MeterRegistry meters) {
        return new DeliveryOutcomes(store, failures, meters);
    }

    @Bean
    RetryAfterPolicy retryAfterPolicy(DeliveryFailures failures, BridgeProperties properties) {
        return new RetryAfterPolicy(failures, properties.delivery().maxInProcessWait());
    }

    @Bean
    VendorRequestPreparer vendorRequestPreparer() {
        return new VendorRequestPreparer();
    }

    // --- Customer.io ------------------------------------------------------------------------------------------

    @Bean
    CustomerIoRegion customerIoRegion(BridgeProperties properties, ObjectMapper mapper) {
        BridgeProperties.CustomerIo cio = properties.destinations().customerio();
        return new CustomerIoRegion(cio.baseUrl(), cio.regionLookupUrl(), cio.siteId(), cio.apiKey(), mapper);
    }

    @Bean
    CustomerIoTranslator customerioTranslator(BridgeProperties properties, ObjectMapper mapper) {
        BridgeProperties.CustomerIo cio = properties.destinations().customerio();
        return new CustomerIoTranslator(mapper, cio.siteId(), cio.apiKey(), cio.updateOnly());
    }

    private static String instanceId(BridgeProperties properties) {
        if (properties.instanceId() != null && !properties.instanceId().isBlank()) {
            return properties.instanceId();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "bridge";
        }
    }
}
