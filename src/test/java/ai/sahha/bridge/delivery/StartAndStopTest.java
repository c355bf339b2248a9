package ai.sahha.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import ai.sahha.bridge.support.ChildBridge;
import ai.sahha.bridge.support.CustomerIoStandIn;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.TestDatabases;
import ai.sahha.bridge.support.WebhookLoad;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Starts and stops as a deployment does them, with webhooks arriving all the while: while the bridge starts, a
 * webhook is answered 503 (or its connection refused), never 404; a stop (SIGTERM) answers new webhooks 503, lets
 * those in flight finish and ends within the 30 s grace; every webhook answered 2xx is delivered, and none twice but
 * under the same vendor dedupe key. On H2 one process restarts; on PostgreSQL (when BRIDGE_TEST_POSTGRES_URL is set)
 * one of two replicas is stopped while the other keeps going: a rolling restart.
 */
class StartAndStopTest {

    private static final Duration GRACE = Duration.ofSeconds(30);

    @Test
    void aRestartOnTheEmbeddedDatabaseLosesNothingAndNeverAnswers404() throws Exception {
        Path data = TestDataDirs.create("start-stop");
        try (CustomerIoStandIn customerIo = new CustomerIoStandIn(); WebhookLoad load = new WebhookLoad("restart-")) {
            customerIo.up();
            Map<String, String> settings = customerIo(customerIo);
            try (ChildBridge first = ChildBridge.launch(null, Map.of(), data, settings)) {
                load.start(first::port);
                await().atMost(Duration.ofSeconds(90)).until(() -> load.accepted.size() >= 50);
                assertThat(first.terminate(GRACE)).as("stopped within the grace period").isTrue();
                int acceptedBeforeTheStop = load.accepted.size();
                // the same port, as a restarted deployment keeps its address
                try (ChildBridge second = ChildBridge.launch(null, Map.of(), data,
                        with(settings, "server.port", String.valueOf(first.port())))) {
                    await().atMost(Duration.ofSeconds(90))
                            .until(() -> load.accepted.size() >= acceptedBeforeTheStop + 50);
                    load.stop();
                    assertThat(load.unexpected).as("answers other than 2xx, 503 or a refused connection").isEmpty();
                    awaitEachDeliveredOnce(customerIo, load.accepted);
                    assertThat(second.terminate(GRACE)).as("stopped within the grace period").isTrue();
                }
            }
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = TestDatabases.POSTGRES_URL_VARIABLE, matches = ".+")
    void aRollingRestartOfOneOfTwoReplicasLosesNothing() throws Exception {
        Map<String, String> database = TestDatabases.postgres();
        try (CustomerIoStandIn customerIo = new CustomerIoStandIn(); WebhookLoad load = new WebhookLoad("restart-")) {
            customerIo.up();
            Map<String, String> settings = new HashMap<>(customerIo(customerIo));
            settings.putAll(database);
            try (ChildBridge steady = ChildBridge.start(null, Map.of(), TestDataDirs.create("rolling-a"),
                    with(settings, "bridge.instance-id", "replica-a"));
                 ChildBridge restarted = ChildBridge.start(null, Map.of(), TestDataDirs.create("rolling-b"),
                    with(settings, "bridge.instance-id", "replica-b"))) {
                AtomicInteger turn = new AtomicInteger();
                ChildBridge[] replicas = {steady, restarted};
                load.start(() -> replicas[turn.getAndIncrement() % 2].port()); // a load balancer taking turns
                await().atMost(Duration.ofSeconds(60)).until(() -> load.accepted.size() >= 100);
                assertThat(restarted.terminate(GRACE)).as("stopped within the grace period").isTrue();
                int acceptedBeforeTheStop = load.accepted.size();
                try (ChildBridge replacement = ChildBridge.start(null, Map.of(), TestDataDirs.create("rolling-b2"),
                        with(settings, "bridge.instance-id", "replica-b"))) {
                    replicas[1] = replacement;
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> load.accepted.size() >= acceptedBeforeTheStop + 100);
                    load.stop();
                    assertThat(load.unexpected).as("answers other than 2xx, 503 or a refused connection").isEmpty();
                    awaitEachDeliveredOnce(customerIo, load.accepted);
                }
            }
        }
    }

    private static Map<String, String> customerIo(CustomerIoStandIn customerIo) {
        return Map.of("bridge.destinations.customerio.credentials.site-id", "site",
                "bridge.destinations.customerio.credentials.api-key", "key",
                "bridge.destinations.customerio.base-url", customerIo.baseUrl(),
                "bridge.destinations.customerio.poll-interval-ms", "100");
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> copy = new HashMap<>(settings);
        copy.put(key, value);
        return copy;
    }

    /** Every accepted person's event reached Customer.io, and where it came twice, under the same id. */
    private static void awaitEachDeliveredOnce(CustomerIoStandIn customerIo, Set<String> accepted) {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(customerIo.peopleWithEvents()).containsAll(accepted));
        assertThat(customerIo.eventIdsByPerson().values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
    }
}
