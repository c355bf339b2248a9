package ai.sahha.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.CustomerIoStandIn;
import ai.sahha.bridge.support.CuttableProxy;
import ai.sahha.bridge.support.DiskFullFileSystem;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.TestDatabases;
import ai.sahha.bridge.support.WebhookLoad;
import ai.sahha.bridge.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The database goes away for a few seconds in the middle of traffic and comes back: while it is away webhooks are
 * answered 503 with Retry-After (never another 5xx, never a 2xx without a commit), the bridge recovers without a
 * restart, and everything answered 200 is delivered. On H2 the disk fills up underneath it; on PostgreSQL (when
 * BRIDGE_TEST_POSTGRES_URL is set) a TCP proxy between them is cut.
 */
class DatabaseOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(3);

    @Test
    void aFullDiskUnderTheEmbeddedDatabase() throws Exception {
        DiskFullFileSystem.register();
        String url = "jdbc:h2:diskfull:" + TestDataDirs.create("disk-full").resolve("bridge")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
        try {
            outage(Map.of("spring.datasource.url", url), () -> DiskFullFileSystem.FULL.set(true),
                    () -> DiskFullFileSystem.FULL.set(false));
        } finally {
            DiskFullFileSystem.FULL.set(false);
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = TestDatabases.POSTGRES_URL_VARIABLE, matches = ".+")
    void postgresCutOffAndBack() throws Exception {
        Map<String, String> database = new HashMap<>(TestDatabases.postgres());
        URI server = URI.create(database.get("spring.datasource.url").substring("jdbc:".length()));
        try (CuttableProxy proxy = new CuttableProxy(server.getHost(), server.getPort())) {
            database.put("spring.datasource.url", database.get("spring.datasource.url")
                    .replace(server.getHost() + ":" + server.getPort(), "127.0.0.1:" + proxy.port()));
            outage(database, proxy::cut, proxy::restore);
        }
    }

    private static void outage(Map<String, String> database, Runnable begin, Runnable end) throws Exception {
        try (CustomerIoStandIn customerIo = new CustomerIoStandIn(); WebhookLoad load = new WebhookLoad("outage-")) {
            customerIo.up();
            List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
                    "--bridge.webhook.secret=" + Webhooks.SECRET,
                    "--bridge.data-dir=" + TestDataDirs.create("outage"),
                    "--bridge.destinations.customerio.credentials.site-id=site",
                    "--bridge.destinations.customerio.credentials.api-key=key",
                    "--bridge.destinations.customerio.base-url=" + customerIo.baseUrl(),
                    "--bridge.destinations.customerio.poll-interval-ms=100",
                    "--spring.datasource.hikari.connection-timeout=2000"));
            database.forEach((key, value) -> arguments.add("--" + key + "=" + value));
            try (ConfigurableApplicationContext bridge = new SpringApplicationBuilder(BridgeApplication.class)
                    .run(arguments.toArray(String[]::new))) {
                int port = Integer.parseInt(bridge.getEnvironment().getProperty("local.server.port"));
                load.start(() -> port);
                await().atMost(Duration.ofSeconds(30)).until(() -> load.accepted.size() >= 30);

                begin.run();
                int unavailableBefore = load.unavailable.get();
                Thread.sleep(OUTAGE.toMillis());
                assertThat(load.unavailable.get()).as("503 while the database is away").isGreaterThan(unavailableBefore);
                int acceptedAtTheEnd = load.accepted.size();
                end.run();

                await("taking webhooks again without a restart").atMost(Duration.ofSeconds(60))
                        .until(() -> load.accepted.size() >= acceptedAtTheEnd + 30);
                load.stop();
                assertThat(load.unexpected).as("answers other than 200, 503 with Retry-After").isEmpty();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(customerIo.peopleWithEvents()).containsAll(load.accepted));
            }
        }
    }
}
