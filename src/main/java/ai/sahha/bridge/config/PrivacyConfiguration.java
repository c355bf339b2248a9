package ai.sahha.bridge.config;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import ai.sahha.bridge.PersonTags;
import ai.sahha.bridge.delivery.DeliveryDestinations;
import ai.sahha.bridge.journal.DeliveryStore;
import ai.sahha.bridge.journal.DeploymentKeys;
import ai.sahha.bridge.privacy.ErasureRequests;
import ai.sahha.bridge.privacy.Erasures;
import ai.sahha.bridge.privacy.PersonRecords;
import ai.sahha.bridge.privacy.Suppressions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Finding and forgetting a person (see {@link Erasures}); the routes' {@code erasures} timer carries requests out. */
@Configuration(proxyBeanMethods = false)
class PrivacyConfiguration {

    /** Keyed by a key of its own in the database, so that rotating the log key unsuppresses nobody. */
    @Bean
    @DependsOnDatabaseInitialization
    Suppressions suppressions(DataSource dataSource, DeploymentKeys keys, Clock clock, MeterRegistry meters) {
        Suppressions suppressions = new Suppressions(new JdbcTemplate(dataSource),
                new PersonTags(keys.key("suppression")), clock);
        Gauge.builder("bridge.privacy.suppressed", suppressions, Suppressions::count)
                .description("people forgotten whose webhooks are answered and dropped").register(meters);
        return suppressions;
    }

    @Bean
    ErasureRequests erasureRequests(DataSource dataSource, TransactionTemplate transactions, PersonTags tags,
                                    Clock clock, MeterRegistry meters) {
        ErasureRequests requests = new ErasureRequests(new JdbcTemplate(dataSource), transactions, tags, clock);
        BridgeConfiguration.cached("bridge.privacy.erasures_open", clock, requests::open)
                .description("requests to forget a person not yet carried out at every destination").register(meters);
        return requests;
    }

    @Bean
    Erasures erasures(ErasureRequests requests, DataSource dataSource, TransactionTemplate transactions,
                      Suppressions suppressions, DeliveryDestinations destinations, Clock clock,
                      BridgeProperties properties, Environment environment) {
        return new Erasures(requests, new JdbcTemplate(dataSource), transactions, suppressions, destinations, clock,
                BridgeConfiguration.instanceId(properties), properties.delivery().lease(),
                environment.getProperty("bridge.privacy.first-retry", Duration.class, Duration.ofSeconds(30)),
                environment.getProperty("bridge.journal.erasure-requests-retention", Duration.class,
                        Duration.ofDays(400)),
                environment.getProperty("bridge.privacy.erasure-settle", Duration.class, Duration.ofSeconds(15)));
    }

    @Bean
    PersonRecords personRecords(DataSource dataSource, DeliveryStore store, Suppressions suppressions,
                                ErasureRequests requests, PersonTags tags) {
        return new PersonRecords(new JdbcTemplate(dataSource), store, suppressions, requests, tags);
    }
}
