package ai.sahha.bridge.delivery;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static ai.sahha.bridge.support.Webhooks.archetype;
import static ai.sahha.bridge.support.Webhooks.json;
import static ai.sahha.bridge.support.Webhooks.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.CustomerIoStandIn;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.TestDatabases;
import ai.sahha.bridge.support.Webhooks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Accepted webhooks survive a stop before delivery: a new process on the same database delivers every one. */
class RestartDeliveryTest {

    @ParameterizedTest
    @MethodSource("ai.sahha.bridge.support.TestDatabases#available")
    void eventsJournaledBeforeAStopAreDeliveredByTheNextProcess(String database) {
        Map<String, String> db = "h2".equals(database)
                ? TestDatabases.h2(TestDataDirs.create("restart")) : TestDatabases.postgres();
        Set<String> people = IntStream.range(0, 25).mapToObj(i -> "restart-person-" + i).collect(Collectors.toSet());
        try (CustomerIoStandIn customerIo = new CustomerIoStandIn()) {
            customerIo.down();
            try (ConfigurableApplicationContext first = start(db, customerIo)) {
                int port = first.getEnvironment().getProperty("local.server.port", Integer.class);
                for (String person : people) {
                    assertThat(post(port, ARCHETYPE, person, json(archetype(person, "short_sleeper",
                            "2025-07-13T13:08:53Z"))).statusCode()).isEqualTo(200);
                }
            }
            assertThat(customerIo.peopleWithEvents()).isEmpty();

            customerIo.up();
            try (ConfigurableApplicationContext second = start(db, customerIo)) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(
                        () -> assertThat(customerIo.peopleWithEvents()).containsAll(people));
            }
        }
    }

    static ConfigurableApplicationContext start(Map<String, String> database, CustomerIoStandIn customerIo) {
        Map<String, Object> properties = new HashMap<>(database);
        properties.put("server.port", 0);
        properties.put("management.server.port", 0);
        properties.put("bridge.webhook.secret", Webhooks.SECRET);
        properties.put("bridge.destinations.customerio.credentials.site-id", "site");
        properties.put("bridge.destinations.customerio.credentials.api-key", "key");
        properties.put("bridge.destinations.customerio.base-url", customerIo.baseUrl());
        properties.put("bridge.destinations.customerio.poll-interval-ms", 50);
        properties.put("bridge.destinations.customerio.bulk.min-items", 0);
        properties.put("bridge.destinations.customerio.redelivery.delay-ms", 50);
        properties.put("bridge.delivery.reschedule-initial", "10s");
        // as arguments, so they win over config/application.yaml as a deployment's settings would
        return new SpringApplicationBuilder(BridgeApplication.class).run(properties.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue()).toArray(String[]::new));
    }
}
