package ai.sahha.bridge.delivery;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static ai.sahha.bridge.support.Webhooks.archetype;
import static ai.sahha.bridge.support.Webhooks.json;
import static ai.sahha.bridge.support.Webhooks.post;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import ai.sahha.bridge.support.ChildBridge;
import ai.sahha.bridge.support.CustomerIoStandIn;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Finding 4 of the reliability review: a claim that outlives its lease (a slow vendor, a long import job) was taken
 * over by the other replica while the first still sent it, and its people were sent twice. Two replicas on one
 * PostgreSQL database, a lease of 2 s and a vendor that takes 3 s per call: every event is sent once.
 */
@EnabledIfEnvironmentVariable(named = TestDatabases.POSTGRES_URL_VARIABLE, matches = ".+")
class LeaseRenewalTest {

    @Test
    void aClaimSlowerThanItsLeaseIsSentOnceWhileAnotherReplicaPolls() throws Exception {
        try (CustomerIoStandIn customerIo = new CustomerIoStandIn()) {
            customerIo.server().stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")
                    .withFixedDelay(3_000)));
            Map<String, String> settings = new HashMap<>(TestDatabases.postgres());
            settings.putAll(Map.of("bridge.destinations.customerio.credentials.site-id", "site",
                    "bridge.destinations.customerio.credentials.api-key", "key",
                    "bridge.destinations.customerio.base-url", customerIo.baseUrl(),
                    "bridge.destinations.customerio.poll-interval-ms", "200",
                    "bridge.delivery.lease", "2s", "bridge.delivery.lease-renewal", "500ms"));
            try (ChildBridge first = ChildBridge.start(TestDataDirs.create("lease-a"),
                    with(settings, "bridge.instance-id", "replica-a"));
                 ChildBridge second = ChildBridge.start(TestDataDirs.create("lease-b"),
                    with(settings, "bridge.instance-id", "replica-b"))) {
                List<String> people = IntStream.range(0, 20).mapToObj(i -> "lease-person-" + i).toList();
                for (String person : people) {
                    assertThat(post(first.port(), ARCHETYPE, person,
                            json(archetype(person, "short_sleeper", "2025-07-13T13:08:53Z"))).statusCode())
                            .isEqualTo(200);
                }
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                        assertThat(customerIo.peopleWithEvents()).containsAll(people));
                Thread.sleep(4_000); // time for a second replica's copy, had it taken the claim over, to arrive
                Map<String, Long> sends = customerIo.events().stream().collect(Collectors.groupingBy(
                        CustomerIoStandIn.Event::person, Collectors.counting()));
                assertThat(sends).containsOnlyKeys(people).allSatisfy((person, times) -> assertThat(times)
                        .as("events sent for %s", person).isEqualTo(1));
            }
        }
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> copy = new HashMap<>(settings);
        copy.put(key, value);
        return copy;
    }
}
