package ai.sahha.bridge.delivery;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static ai.sahha.bridge.support.Webhooks.archetype;
import static ai.sahha.bridge.support.Webhooks.json;
import static ai.sahha.bridge.support.Webhooks.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.identity.IdentityMappings;
import ai.sahha.bridge.support.CustomerIoStandIn;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.Webhooks;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Finding 5 of the reliability review: the hourly recheck made every parked delivery due at once and claims took due
 * rows before new events, so a fresh webhook waited until all of them were parked again. Here 50,000 parked
 * deliveries are all due for their recheck when a fresh event, whose person is mapped, arrives: it is delivered by
 * one of the first few polls after it was journaled (before the fix it waited some 250 claims), while the recheck
 * goes through them in bounded batches.
 */
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bridge.webhook.secret=" + Webhooks.SECRET, "management.server.port=0",
                "bridge.destinations.customerio.credentials.site-id=site",
                "bridge.destinations.customerio.credentials.api-key=key",
                "bridge.destinations.customerio.identity.strategy=lookup-table",
                "bridge.destinations.customerio.poll-interval-ms=300",
                "bridge.destinations.customerio.claim-size=200",
                "bridge.destinations.customerio.bulk.min-items=1000000",
                "bridge.identity.parked-recheck-poll=100ms", "bridge.identity.parked-recheck-batch=500"})
@DirtiesContext
class ParkedBacklogTest {

    static final CustomerIoStandIn CUSTOMER_IO = new CustomerIoStandIn();
    static final int PARKED = 50_000;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", () -> TestDataDirs.create("parked-backlog").toString());
        registry.add("bridge.destinations.customerio.base-url", CUSTOMER_IO::baseUrl);
    }

    @AfterAll
    static void stop() {
        CUSTOMER_IO.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    IdentityMappings mappings;
    @Autowired
    CamelContext camel;

    @Test
    void aFreshEventIsDeliveredWithinAFewPollsWhileFiftyThousandParkedDeliveriesAreRechecked() {
        CUSTOMER_IO.up();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        parkDueForRecheck(jdbc);
        mappings.save(List.of(new IdentityMappings.Mapping("fresh-person", "fresh@example.com", null)));

        assertThat(post(port, ARCHETYPE, "fresh-person", json(archetype("fresh-person", "short_sleeper",
                "2025-07-13T13:08:53Z"))).statusCode()).isEqualTo(200);
        NotifyBuilder polls = new NotifyBuilder(camel).fromRoute("customerio-poll").whenCompleted(6).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> CUSTOMER_IO.peopleWithEvents().contains("fresh@example.com"));
        assertThat(polls.matches()).as("delivered within five polls, not after the parked backlog").isFalse();

        Integer dueAtOnce = jdbc.queryForObject("SELECT COUNT(*) FROM delivery WHERE status = 'PENDING'",
                Integer.class);
        assertThat(dueAtOnce).as("rechecked a bounded batch at a time").isLessThanOrEqualTo(1_000);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM delivery WHERE status = 'PARKED' AND next_attempt_at > ?", Integer.class,
                System.currentTimeMillis())).as("parked again, their next recheck later").isGreaterThan(1_000));
        assertThat(CUSTOMER_IO.peopleWithEvents()).containsOnly("fresh@example.com");
    }

    /** 50,000 journaled events whose Customer.io deliveries are parked, each due for its recheck now. */
    private static void parkDueForRecheck(JdbcTemplate jdbc) {
        List<Object[]> events = new ArrayList<>();
        List<Object[]> deliveries = new ArrayList<>();
        for (int i = 0; i < PARKED; i++) {
            String id = UUID.randomUUID().toString();
            String person = "unmapped-" + i;
            events.add(new Object[] {id, "ArchetypeCreatedIntegrationEvent", person,
                    new String(json(archetype(person, "short_sleeper", "2025-07-13T13:08:53Z")),
                            StandardCharsets.UTF_8), System.currentTimeMillis()});
            deliveries.add(new Object[] {id, System.currentTimeMillis()});
        }
        jdbc.batchUpdate("INSERT INTO journal_event (id, event_type, external_id, payload, received_at)"
                + " VALUES (?, ?, ?, ?, ?)", events);
        jdbc.batchUpdate("INSERT INTO delivery (event_id, destination, status, attempts, next_attempt_at, last_error,"
                + " updated_at) VALUES (?, 'customerio', 'PARKED', 1, 0, 'no email address is mapped', ?)", deliveries);
    }
}
