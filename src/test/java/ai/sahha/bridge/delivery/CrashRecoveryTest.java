package ai.sahha.bridge.delivery;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static ai.sahha.bridge.support.Webhooks.archetype;
import static ai.sahha.bridge.support.Webhooks.json;
import static ai.sahha.bridge.support.Webhooks.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ai.sahha.bridge.support.ChildBridge;
import ai.sahha.bridge.support.CustomerIoStandIn;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * kill -9 while Customer.io is failing and webhooks keep arriving: after a restart on the same (default, embedded)
 * database every webhook that was answered 2xx is delivered. The bridge runs in a child JVM so it can really be
 * killed, with the packaged default configuration.
 */
class CrashRecoveryTest {

    @Test
    void everyAcknowledgedWebhookIsDeliveredAfterAKill() throws Exception {
        Path data = TestDataDirs.create("crash");
        try (CustomerIoStandIn customerIo = new CustomerIoStandIn()) {
            customerIo.down();
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger next = new AtomicInteger();
            AtomicBoolean sending = new AtomicBoolean(true);
            ExecutorService senders = Executors.newFixedThreadPool(8);
            try (ChildBridge bridge = ChildBridge.start(data, Map.of(
                    "bridge.destinations.customerio.credentials.site-id", "site", "bridge.destinations.customerio.credentials.api-key", "key",
                    "bridge.destinations.customerio.base-url", customerIo.baseUrl()))) {
                int port = bridge.port();
                for (int thread = 0; thread < 8; thread++) {
                    senders.submit(() -> {
                        while (sending.get()) {
                            String person = "crash-person-" + next.getAndIncrement();
                            try {
                                if (post(port, ARCHETYPE, person, json(archetype(person, "short_sleeper",
                                        "2025-07-13T13:08:53Z"))).statusCode() == 200) {
                                    acknowledged.add(person);
                                }
                            } catch (RuntimeException connectionLost) {
                                // not acknowledged: Sahha would retry it
                            }
                        }
                    });
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 150);
                bridge.kill(); // SIGKILL while webhooks are in flight
                Thread.sleep(200);
            } finally {
                sending.set(false);
                senders.shutdown();
                senders.awaitTermination(30, TimeUnit.SECONDS);
            }
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(150);

            customerIo.up();
            try (ConfigurableApplicationContext restarted = RestartDeliveryTest.start(TestDatabases.h2(data), customerIo)) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(
                        () -> assertThat(customerIo.peopleWithEvents()).containsAll(acknowledged));
            }
        }
    }
}
