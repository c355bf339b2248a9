package ai.sahha.bridge.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import ai.sahha.bridge.support.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Replicas sharing one database never hold the same delivery at the same time, and a dead one's work resumes. */
class DeliveryClaimTest {

    private static final RetrySchedule SCHEDULE =
            new RetrySchedule(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofHours(24));

    @ParameterizedTest
    @MethodSource("ai.sahha.bridge.support.TestDatabases#available")
    void concurrentReplicasClaimDisjointWorkAndTogetherAllOfIt(String database) throws Exception {
        try (HikariDataSource dataSource = TestDatabases.migrated(database)) {
            journal(dataSource, 300);
            List<DeliveryStore> replicas = IntStream.range(0, 3)
                    .mapToObj(i -> store(dataSource, "replica-" + i, Duration.ofMinutes(5))).toList();
            Map<Long, String> holder = new ConcurrentHashMap<>();
            List<Long> doubleClaims = Collections.synchronizedList(new ArrayList<>());

            CompletableFuture.allOf(replicas.stream().map(replica -> CompletableFuture.runAsync(() -> {
                List<DeliveryJob> claimed;
                while (!(claimed = replica.claim("customerio", 7)).isEmpty()) {
                    for (DeliveryJob job : claimed) {
                        if (holder.putIfAbsent(job.id(), replica.owner()) != null) {
                            doubleClaims.add(job.id());
                        }
                        replica.delivered(job);
                    }
                }
            })).toArray(CompletableFuture[]::new)).get();

            assertThat(doubleClaims).isEmpty();
            assertThat(holder).hasSize(300);
            assertThat(holder.values().stream().distinct().count()).isGreaterThan(1);
        }
    }

    @ParameterizedTest
    @MethodSource("ai.sahha.bridge.support.TestDatabases#available")
    void workOfAReplicaThatDiedIsTakenOverWhenItsLeaseEndsAndItsLateAnswerIsIgnored(String database) throws Exception {
        try (HikariDataSource dataSource = TestDatabases.migrated(database)) {
            journal(dataSource, 5);
            DeliveryStore dead = store(dataSource, "dead", Duration.ofSeconds(2));
            DeliveryStore alive = store(dataSource, "alive", Duration.ofMinutes(5));

            List<DeliveryJob> lost = dead.claim("customerio", 10);
            assertThat(lost).hasSize(5);
            assertThat(alive.claim("customerio", 10)).isEmpty();

            Thread.sleep(2_200);
            List<DeliveryJob> resumed = alive.claim("customerio", 10);
            assertThat(resumed).extracting(DeliveryJob::id)
                    .containsExactlyInAnyOrderElementsOf(lost.stream().map(DeliveryJob::id).toList());

            dead.failed(lost.get(0), new DeliveryFailure(true, 400, "late answer", null));
            assertThat(alive.deadLetters(null, null, 10)).isEmpty();
            resumed.forEach(alive::delivered);
            assertThat(alive.backlog("customerio")).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("ai.sahha.bridge.support.TestDatabases#available")
    void aPersonsDeliveriesAreHandedOutTogetherInOrderAndNoneWhileSomeAreInFlight(String database) throws Exception {
        try (HikariDataSource dataSource = TestDatabases.migrated(database)) {
            journal(dataSource, 4, i -> i < 3 ? "same-person" : "other-person");
            DeliveryStore store = store(dataSource, "replica", Duration.ofMinutes(5));

            List<List<DeliveryJob>> first = store.claimByPerson("customerio", 2);
            assertThat(first).singleElement().satisfies(group -> {
                assertThat(group).extracting(DeliveryJob::externalId).containsOnly("same-person");
                assertThat(group.get(0).id()).isLessThan(group.get(1).id());
            });

            List<List<DeliveryJob>> second = store.claimByPerson("customerio", 10);
            assertThat(second).singleElement().satisfies(group ->
                    assertThat(group).extracting(DeliveryJob::externalId).containsExactly("other-person"));

            first.get(0).forEach(store::delivered);
            assertThat(store.claimByPerson("customerio", 10)).singleElement().satisfies(group ->
                    assertThat(group).extracting(DeliveryJob::externalId).containsExactly("same-person"));
        }
    }

    private static void journal(DataSource dataSource, int events) throws Exception {
        journal(dataSource, events, i -> "person-" + i);
    }

    private static void journal(DataSource dataSource, int events, java.util.function.IntFunction<String> person)
            throws Exception {
        Journal journal = new Journal(dataSource, 1000, 50, Clock.systemUTC());
        try {
            for (int i = 0; i < events; i++) { // one after the other, so their order is the arrival order
                journal.append(new Journal.Entry("%064x".formatted(i), "ArchetypeCreatedIntegrationEvent", person.apply(i), "{}",
                        List.of("customerio")))
                        .get();
            }
        } finally {
            journal.close();
        }
    }

    private static DeliveryStore store(DataSource dataSource, String owner, Duration lease) {
        return new DeliveryStore(dataSource, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                owner, lease, SCHEDULE, Clock.systemUTC());
    }
}
