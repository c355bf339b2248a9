package ai.sahha.bridge.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import ai.sahha.bridge.PersonTags;
import ai.sahha.bridge.backfill.Backfill;
import ai.sahha.bridge.backfill.BackfillJobs;
import ai.sahha.bridge.backfill.BackfillService;
import ai.sahha.bridge.backfill.SahhaApiClient;
import ai.sahha.bridge.delivery.BulkPlanner;
import ai.sahha.bridge.delivery.BulkResponses;
import ai.sahha.bridge.delivery.DeliveryDestinations;
import ai.sahha.bridge.delivery.DeliveryFailures;
import ai.sahha.bridge.delivery.DeliveryOutcomes;
import ai.sahha.bridge.delivery.DeliveryPlanner;
import ai.sahha.bridge.delivery.IntakePriority;
import ai.sahha.bridge.delivery.ParkingWarnings;
import ai.sahha.bridge.delivery.RateLimit;
import ai.sahha.bridge.delivery.RecordTranslator;
import ai.sahha.bridge.delivery.RetryAfterPolicy;
import ai.sahha.bridge.delivery.VendorRateLimits;
import ai.sahha.bridge.delivery.VendorRequestPreparer;
import ai.sahha.bridge.destinations.DestinationTypes;
import ai.sahha.bridge.destinations.declarative.DeclarativeAnswers;
import ai.sahha.bridge.destinations.iterable.IterableResponseCheck;
import ai.sahha.bridge.destinations.klaviyo.KlaviyoImportJobs;
import ai.sahha.bridge.identity.IdentityMappings;
import ai.sahha.bridge.identity.IdentityStrategy;
import ai.sahha.bridge.intake.EventRouting;
import ai.sahha.bridge.intake.EventValidator;
import ai.sahha.bridge.intake.IntakeResponses;
import ai.sahha.bridge.intake.JournalAppender;
import ai.sahha.bridge.intake.ReceiptRepository;
import ai.sahha.bridge.intake.SignatureVerifier;
import ai.sahha.bridge.intake.StaleRecords;
import ai.sahha.bridge.journal.DatabaseSpace;
import ai.sahha.bridge.journal.DeliveredAttributes;
import ai.sahha.bridge.journal.DeliveryStore;
import ai.sahha.bridge.journal.DeploymentKeys;
import ai.sahha.bridge.journal.Journal;
import ai.sahha.bridge.journal.JournalHousekeeping;
import ai.sahha.bridge.journal.RetrySchedule;
import ai.sahha.bridge.tracing.TraceParents;
import ai.sahha.bridge.tracing.TracingConfiguration;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.DispatcherType;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.spi.ThreadPoolProfile;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

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
    List<String> enabledDestinations(BridgeProperties properties) {
        return List.copyOf(properties.enabledDestinations().keySet());
    }

    // --- intake -----------------------------------------------------------------------------------------------

    /** The person tags of logs and admin answers, keyed by BRIDGE_LOG_KEY or the deployment's own key. */
    @Bean
    public static PersonTags personTags(BridgeProperties properties, DeploymentKeys keys) {
        String configured = properties.logKey();
        return new PersonTags(configured != null && !configured.isBlank()
                ? configured.getBytes(StandardCharsets.UTF_8) : keys.key("log-key"));
    }

    @Bean
    @DependsOnDatabaseInitialization
    DeploymentKeys deploymentKeys(DataSource dataSource, Clock clock) {
        return new DeploymentKeys(dataSource, clock);
    }

    @Bean
    IntakeGate intakeGate() {
        return new IntakeGate();
    }

    /** First of the webhook port's own filters: nothing reaches a route before it starts or after it stops. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> intakeGateFilter(IntakeGate gate) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(gate.filter());
        registration.addUrlPatterns("/webhooks/*", "/health");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 2);
        return registration;
    }

    @Bean
    FilterRegistrationBean<WebhookBodyGuard> webhookBodyGuard(BridgeProperties properties) {
        BridgeProperties.Webhook webhook = properties.webhook();
        FilterRegistrationBean<WebhookBodyGuard> registration = new FilterRegistrationBean<>(new WebhookBodyGuard(
                webhook.maxBodySize().toBytes(), webhook.maxBufferedBytes().toBytes(), webhook.bodyTimeout().toMillis()));
        registration.addUrlPatterns("/webhooks/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 1);
        return registration;
    }

    @Bean(name = "platform-http-engine")
    InlinePlatformHttpEngine platformHttpEngine(@Value("${server.port:8080}") int port) {
        return new InlinePlatformHttpEngine(port);
    }

    /** Runs after the body guard, so the routes only ever see bodies it let through. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> inlinePlatformHttp(InlinePlatformHttpEngine engine) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(engine.filter());
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
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
    StaleRecords staleRecords(BridgeProperties properties, Clock clock) {
        Duration maxAge = properties.webhook().maxRecordAge();
        return new StaleRecords(clock, maxAge != null ? maxAge
                : StaleRecords.defaultMaxRecordAge(properties.journal().dedupeWindow()));
    }

    @Bean
    ReceiptRepository webhookReceipts(BridgeProperties properties) {
        return new ReceiptRepository(properties.journal().dedupeCacheSize(), properties.journal().dedupeWindow());
    }

    /**
     * The journal writes through connections of its own, so that delivery load on the shared pool never makes a
     * webhook's commit wait. (Not a DataSource bean: one would turn Spring Boot's own DataSource off.)
     */
    record JournalConnections(HikariDataSource pool) implements AutoCloseable {

        @Override
        public void close() {
            pool.close();
        }
    }

    @Bean(destroyMethod = "close")
    JournalConnections journalConnections(DataSourceProperties dataSource) {
        HikariDataSource pool = dataSource.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        pool.setPoolName("journal-writer");
        pool.setMaximumPoolSize(2);
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(3000);
        pool.setExceptionOverrideClassName(ClosedDatabaseEviction.class.getName());
        pool.setInitializationFailTimeout(-1); // the database may come up after the bridge
        return new JournalConnections(pool);
    }

    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    Journal journal(JournalConnections connections, BridgeProperties properties, Clock clock) {
        BridgeProperties.Journal settings = properties.journal();
        return new Journal(connections.pool(), settings.queueCapacity(), settings.maxBatch(), clock);
    }

    /** Readiness is DOWN while the journal cannot write: webhooks would be answered 503; also a gauge, for alerts. */
    @Bean
    HealthIndicator journalHealthIndicator(Journal journal, MeterRegistry meters) {
        Gauge.builder("bridge.journal.writing", journal, writer -> writer.writing() ? 1 : 0).strongReference(true)
                .description("1 while the journal writer can write, else 0 (webhooks answered 503)").register(meters);
        return () -> journal.writing() ? Health.up().build()
                : Health.down().withDetail("journal", "cannot write: webhooks are answered 503").build();
    }

    /** Also what the backfill command routes with. */
    @Bean
    public static EventRouting eventRouting(BridgeProperties properties) {
        Map<String, List<String>> byDestination = new TreeMap<>();
        properties.enabledDestinations().forEach((name, destination) ->
                byDestination.put(name, destination.events().eventTypes()));
        return new EventRouting(byDestination, properties.biomarkers().types());
    }

    @Bean
    JournalAppender journalAppender(Journal journal, EventRouting routing, BridgeProperties properties,
                                    Environment environment, ObjectProvider<Tracer> tracer) {
        Tracer on = TracingConfiguration.tracer(environment, tracer);
        boolean link = environment.getProperty("bridge.tracing.link-vendor-calls", Boolean.class, true);
        TraceParents traceParents = on == null || !link ? null : new TraceParents(on);
        return new JournalAppender(journal, routing, properties.journal().commitTimeout(),
                traceParents == null ? () -> null : traceParents::current);
    }

    @Bean
    IntakeResponses intakeResponses(MeterRegistry meters, PersonTags tags) {
        return new IntakeResponses(meters, tags);
    }

    // --- delivery ---------------------------------------------------------------------------------------------

    /** At a stop, after the routes: what this replica still holds is another's to take at once. */
    @Bean(destroyMethod = "releaseOwnLeases")
    @DependsOnDatabaseInitialization
    DeliveryStore deliveryStore(DataSource dataSource, TransactionTemplate transactions, BridgeProperties properties,
                                Clock clock, List<String> enabledDestinations, MeterRegistry meters, PersonTags tags,
                                VendorRateLimits rateLimits) {
        BridgeProperties.Delivery delivery = properties.delivery();
        DeliveryStore store = new DeliveryStore(dataSource, transactions, instanceId(properties), delivery.lease(),
                new RetrySchedule(delivery.rescheduleInitial(), delivery.rescheduleMaximum(), delivery.horizon()),
                clock, tags);
        store.releaseOwnLeases();
        store.sizeClaimsBy(rateLimits::share);
        store.recheckParkedAfter(properties.identity().parkedRecheckInterval(),
                properties.identity().parkedRecheckMaximum());
        cached("bridge.journal.events", clock, store::eventCount).description("events the journal holds")
                .register(meters);
        for (String destination : enabledDestinations) {
            Tags byDestination = Tags.of("destination", destination);
            cached("bridge.delivery.backlog", clock, () -> store.backlog(destination)).tags(byDestination)
                    .description("deliveries waiting, including retries").register(meters);
            cached("bridge.delivery.dead_letters", clock, () -> store.deadLetterCount(destination)).tags(byDestination)
                    .description("deliveries that will not be retried unless replayed").register(meters);
            cached("bridge.delivery.parked", clock, () -> store.parkedCount(destination)).tags(byDestination)
                    .description("deliveries waiting for the person's identity").register(meters);
            cached("bridge.delivery.oldest_waiting", clock, () -> {
                Long since = store.oldestWaitingSince(destination);
                return since == null ? 0 : Math.max(0, clock.millis() - since) / 1000.0;
            }).tags(byDestination).baseUnit("seconds").description("age of the oldest delivery still waiting")
                    .register(meters);
        }
        return store;
    }

    /**
     * A gauge of a database reading, read at most every {@link CachedReading#EVERY}; held strongly, as Micrometer
     * otherwise keeps only a weak reference and the gauge turns NaN at the first garbage collection.
     */
    static Gauge.Builder<CachedReading> cached(String name, Clock clock, DoubleSupplier reading) {
        return Gauge.builder(name, new CachedReading(name, clock, reading), CachedReading::value).strongReference(true);
    }

    @Bean
    IntakePriority intakePriority(Journal journal, BridgeProperties properties, Clock clock, MeterRegistry meters) {
        BridgeProperties.Delivery.IntakePriority settings = properties.delivery().intakePriority();
        IntakePriority priority = new IntakePriority(journal::written, journal::commits, settings.busyBatch(),
                settings.maxPause(), clock);
        priority.pausing(properties.enabledDestinations().entrySet().stream()
                .filter(destination -> destination.getValue().pauseForIntake()).map(Map.Entry::getKey)
                .collect(Collectors.toSet()));
        Gauge.builder("bridge.journal.webhooks_per_commit", priority, IntakePriority::webhooksPerCommit)
                .description("webhooks per journal commit over the last second: near 1 while intake keeps up")
                .register(meters);
        return priority;
    }

    @Bean
    JournalHousekeeping journalHousekeeping(DeliveryStore store, DeliveredAttributes attributes,
                                            BridgeProperties properties, Clock clock, MeterRegistry meters) {
        BridgeProperties.Journal journal = properties.journal();
        return new JournalHousekeeping(store, attributes, new JournalHousekeeping.Retention(journal.dedupeWindow(),
                journal.retention(), journal.setAsideRetention(), journal.deliveredAttributesRetention()), clock,
                meters);
    }

    /** The database's size and free share as gauges; the housekeeping route compacts the embedded one. */
    @Bean
    DatabaseSpace databaseSpace(DataSource dataSource, DataSourceProperties database, Environment environment,
                                MeterRegistry meters, Clock clock) {
        DatabaseSpace space = new DatabaseSpace(dataSource, database.determineUrl().startsWith("jdbc:h2:"),
                Path.of(environment.getProperty("bridge.data-dir", "data")));
        cached("bridge.database.size", clock, space::sizeBytes).baseUnit("bytes")
                .description("the bridge's data on disk: H2's file, or its tables in PostgreSQL").register(meters);
        cached("bridge.database.free_ratio", clock, space::freeRatio)
                .description("share of the database's size holding no live data").register(meters);
        cached("bridge.data_volume.free_ratio", clock, space::volumeFreeRatio)
                .description("share of the data folder's disk still free").register(meters);
        return space;
    }

    @Bean
    DeliveryFailures deliveryFailures(Clock clock) {
        return new DeliveryFailures(clock);
    }

    @Bean
    DeliveredAttributes deliveredAttributes(DataSource dataSource, Clock clock) {
        return new DeliveredAttributes(dataSource, clock);
    }

    @Bean
    DeliveryOutcomes deliveryOutcomes(DeliveryStore store, DeliveredAttributes attributes, DeliveryFailures failures,
                                      MeterRegistry meters, TransactionTemplate transactions, Clock clock,
                                      PersonTags tags, BridgeProperties properties) {
        DeliveryOutcomes.registerMeters(meters, properties.enabledDestinations().keySet());
        return new DeliveryOutcomes(store, attributes, failures, meters, transactions, clock, tags);
    }

    @Bean
    RetryAfterPolicy retryAfterPolicy(DeliveryFailures failures, VendorRateLimits rateLimits, MeterRegistry meters,
                                      BridgeProperties properties) {
        return new RetryAfterPolicy(failures, rateLimits, meters, properties.delivery().maxInProcessWait());
    }

    @Bean
    VendorRateLimits vendorRateLimits(BridgeProperties properties, MeterRegistry meters) {
        Map<String, List<RateLimit>> limits = new TreeMap<>();
        properties.enabledDestinations().forEach((name, destination) -> limits.put(name, destination.rateLimits()
                .stream().map(s -> new RateLimit(s.path(), s.perSecond(), s.perMinute(), s.perItem(), System::nanoTime))
                .toList()));
        return new VendorRateLimits(limits, meters);
    }

    @Bean
    VendorRequestPreparer vendorRequestPreparer() {
        return new VendorRequestPreparer();
    }

    // --- backfill -----------------------------------------------------------------------------------------------

    @Bean
    BackfillJobs backfillJobs(DataSource dataSource, Clock clock) {
        return new BackfillJobs(dataSource, clock);
    }

    @Bean(destroyMethod = "close")
    BackfillService backfillService(BridgeProperties properties, BackfillJobs jobs, Journal journal,
                                    EventRouting routing, ObjectMapper mapper, Clock clock) {
        return new BackfillService(() -> backfill(properties, jobs, journal, routing, mapper, clock), jobs, clock);
    }

    @Bean(destroyMethod = "close")
    ReconciliationSchedule reconciliationSchedule(BridgeProperties properties, BackfillService backfill) {
        return new ReconciliationSchedule(properties.backfill().reconcileCron(),
                properties.backfill().reconcileWindow(), backfill);
    }

    /** A backfill runner on a new Sahha API client; also what the backfill command runs. */
    public static Backfill backfill(BridgeProperties properties, BackfillJobs jobs, Journal journal,
                                    EventRouting routing, ObjectMapper mapper, Clock clock) {
        BridgeProperties.SahhaApi api = properties.sahhaApi();
        SahhaApiClient client = new SahhaApiClient(mapper, api.baseUrl(), api.clientId(), api.clientSecret(),
                api.requestsPerSecond(), api.maxAttempts(), api.initialBackoff(), clock);
        return new Backfill(client, jobs, journal, routing, mapper, api.pageSize(), properties.backfill().scoreTypes(),
                properties.journal().commitTimeout());
    }

    // --- identity -----------------------------------------------------------------------------------------------

    @Bean
    IdentityMappings identityMappings(DataSource dataSource, TransactionTemplate transactions, Clock clock,
                                      BridgeProperties properties) {
        return new IdentityMappings(dataSource, transactions, clock, properties.destinations().keySet());
    }

    @Bean
    ParkingWarnings parkingWarnings(BridgeProperties properties, DeliveryStore store, IdentityMappings mappings,
                                    Clock clock) {
        Map<String, IdentityStrategy> strategies = new TreeMap<>();
        properties.enabledDestinations().forEach((name, settings) ->
                strategies.put(name, settings.identity().strategy()));
        return new ParkingWarnings(strategies, store, mappings::count, clock);
    }

    /** Not part of readiness: a detail of /actuator/health (and the console) per destination. */
    @Bean
    HealthIndicator identityHealthIndicator(ParkingWarnings warnings) {
        return () -> Health.up().withDetails(warnings.details()).build();
    }

    @Bean(destroyMethod = "close")
    IdentityLookups identityLookups(IdentityMappings table, BridgeProperties properties) {
        return new IdentityLookups(table, properties.identity().sql());
    }

    // --- destinations: each configured one that is on, with its planner, bulk planner and named parts -------------

    /**
     * Every destination that is on: its calls (by its type), a planner (identity, ordering, change-only) and bulk
     * planner around them, and in Camel's registry, by the names the route templates use, its worker pool
     * ({@code <name>Workers}), in-process retries ({@code <name>Redelivery}) and API address ({@code <name>Api}).
     */
    @Bean
    DeliveryDestinations deliveryDestinations(BridgeProperties properties, IdentityLookups identities,
                                              DeliveredAttributes delivered, DeliveryFailures failures,
                                              ObjectMapper mapper, CamelContext camel) {
        Map<String, DeliveryDestinations.Destination> destinations = new TreeMap<>();
        properties.enabledDestinations().forEach((name, settings) -> {
            DestinationTypes.Calls calls = DestinationTypes.calls(new DestinationTypes.Settings(name,
                    settings.type(name), settings.baseUrl(), settings.credentials(), settings.options(),
                    settings.mapping(), settings.declarative()), mapper);
            DeliveryPlanner planner = new DeliveryPlanner(name, calls.translator(),
                    identities.resolver(name, settings.identity()), delivered, settings.mapping().changeOnly(), mapper);
            destinations.put(name, new DeliveryDestinations.Destination(name, planner, new BulkPlanner(planner,
                    calls.bulk(), failures, settings.bulk().minItems(), settings.bulk().maxItems())));
            bind(camel, name, settings, calls);
        });
        return new DeliveryDestinations(destinations);
    }

    private static void bind(CamelContext camel, String name, BridgeProperties.Destination settings,
                             DestinationTypes.Calls calls) {
        ThreadPoolProfile workers = new ThreadPoolProfileBuilder(name + "Workers").poolSize(settings.concurrency())
                .maxPoolSize(settings.concurrency()).maxQueueSize(1000).build();
        camel.getRegistry().bind(name + "Workers",
                camel.getExecutorServiceManager().newThreadPool(camel, name + "Workers", workers));
        BridgeProperties.Redelivery retries = settings.redelivery();
        RedeliveryPolicy redelivery = new RedeliveryPolicy();
        redelivery.setMaximumRedeliveries(retries.maximumRedeliveries());
        redelivery.setRedeliveryDelay(retries.delayMs());
        redelivery.setMaximumRedeliveryDelay(retries.maximumDelayMs());
        redelivery.setUseExponentialBackOff(true);
        redelivery.setBackOffMultiplier(2);
        redelivery.setUseCollisionAvoidance(true);
        redelivery.setAsyncDelayedRedelivery(true);
        redelivery.setLogRetryAttempted(false);
        redelivery.setLogExhausted(false);
        redelivery.setLogStackTrace(false);
        camel.getRegistry().bind(name + "Redelivery", redelivery);
        camel.getRegistry().bind(name + "Api", new DestinationApi(calls.translator()));
    }

    /** {@code <name>Api} in Camel's registry: where a destination's calls go ({@code {{bean:<name>Api.baseUrl}}}). */
    public record DestinationApi(RecordTranslator translator) {

        public String baseUrl() {
            return translator.baseUrl();
        }
    }

    @Bean
    Processor deliveryPlanner(DeliveryDestinations destinations) {
        return destinations.planner();
    }

    @Bean
    DeliveryDestinations.Bulk bulkPlanner(DeliveryDestinations destinations) {
        return destinations.bulkPlanner();
    }

    @Bean
    Processor acceptAnyAnswer() {
        return DeliveryDestinations.acceptAnyAnswer();
    }

    /**
     * {@code declarativeAnswers}: the answer check of declarative destinations that say how to read a refusal
     * inside a success ({@code declarative.refusal}).
     */
    @Bean
    Processor declarativeAnswers(BridgeProperties properties, ObjectMapper mapper) {
        Map<String, DeclarativeAnswers> checks = new TreeMap<>();
        properties.enabledDestinations().forEach((name, settings) -> {
            if (settings.declarative() != null && settings.declarative().refusal() != null) {
                checks.put(name, new DeclarativeAnswers(name, mapper, settings.declarative().refusal()));
            }
        });
        return exchange -> {
            DeclarativeAnswers check = checks.get(DeliveryDestinations.destination(exchange));
            if (check != null) {
                check.check(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class),
                        exchange.getMessage().getBody(String.class));
            }
        };
    }

    @Bean
    IterableResponseCheck iterableAnswers(ObjectMapper mapper) {
        return new IterableResponseCheck(mapper);
    }

    @Bean
    KlaviyoImportJobs klaviyoImportJobs(BridgeProperties properties, ObjectMapper mapper, Clock clock) {
        BridgeProperties.Destination klaviyo = properties.destinations().get("klaviyo");
        return new KlaviyoImportJobs(mapper,
                DurationStyle.detectAndParse(klaviyo == null ? "1s" : klaviyo.option("import-job-poll-interval", "1s")),
                DurationStyle.detectAndParse(klaviyo == null ? "4m" : klaviyo.option("import-job-timeout", "4m")),
                clock);
    }

    @Bean
    BulkResponses bulkResponses() {
        return new BulkResponses();
    }

    static String instanceId(BridgeProperties properties) {
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
