package ai.sahha.bridge.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import ai.sahha.bridge.PersonTags;
import ai.sahha.bridge.support.MovableClock;
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
    private static final RetrySchedule RETRY_AT_ONCE = new RetrySchedule(Duration.ZERO, Duration.ZERO, Duration.ofHours(24));
    private static final PersonTags TAGS = new PersonTags(new byte[32]);

    /** The oldest-waiting gauge of an idle destination read NaN: nothing waiting threw instead of reading none. */
    @ParameterizedTest
    @MethodSource("ai.sahha.bridge.support.TestDatabases#available")
    void nothingWaitingIsNoOldestWaitingDelivery(String database) throws Exception {
        try (HikariDataSource dataSource = TestDatabases.migrated(database)) {
            assertThat(store(dataSource, "replica-a", Duration.ofMinutes(5)).oldestWaitingSince("customerio")).isNull();
        }
    }

    @ParameterizedTest
    @MethodSource("ai.sahha.bridge.support.TestDatabases#available")
    void concurrentReplicasClaimDisjointWorkAndTogetherAllOfIt(String database) throws Exception {
        try (HikariDataSource dataSource = TestDatabases.migrated(database)) {
            journal(dataSource, 300);
            List<DeliveryStore> replicas = IntStream.range(0, 3)
                    .mapToObj(i -> new DeliveryStore(dataSource, transactions(dataSource), "replica-" + i,
                            Duration.ofMinutes(5), RETRY_AT_ONCE, Clock.systemUTC(), TAGS)).toList();
            Map<String, String> holder = new ConcurrentHashMap<>();
            List<String> doubleClaims = Collections.synchronizedList(new ArrayList<>());

            CompletableFuture.allOf(replicas.stream().map(replica -> CompletableFuture.runAsync(() -> {
                Claim claim;
                while (!(claim = replica.claim("customerio", 7)).jobs().isEmpty()) {
                    for (DeliveryJob job : claim.jobs()) {
                        if (holder.putIfAbsent(job.eventId(), replica.owner()) != null) {
                            doubleClaims.add(job.eventId());
                        }
                        // every tenth fails once: its retry is claimed as a row, by whichever replica comes first
                        if (job.id() == null && job.payload().endsWith("0}")) {
                            holder.remove(job.eventId());
                            replica.failed(job, new DeliveryFailure(false, 503, "busy", 0L));
                        } else {
                            replica.delivered(job);
                        }
                    }
                    replica.finish(claim);
                }
            })).toArray(CompletableFuture[]::new)).get();

            assertThat(doubleClaims).isEmpty();
            assertThat(holder).hasSize(300);
            assertThat(holder.values().stream().distinct().count()).isGreaterThan(1);
            assertThat(replicas.get(0).backlog("customerio")).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("ai.sahha.bridge.support.TestDatabases#available")
    void workOfAReplicaThatDiedIsTakenOverWhenItsLeaseEndsAndItsLateAnswerIsIgnored(String database) throws Exception {
        try (HikariDataSource dataSource = TestDatabases.migrated(database)) {
            journal(dataSource, 5);
            DeliveryStore dead = store(dataSource, "dead", Duration.ofSeconds(2));
            DeliveryStore alive = store(dataSource, "alive", Duration.ofMinutes(5));

            Claim lost = dead.claim("customerio", 10);
            assertThat(lost.jobs()).hasSize(5);
            assertThat(alive.claim("customerio", 10).jobs()).isEmpty();

            Thread.sleep(2_200);
            Claim resumed = alive.claim("customerio", 10);
            assertThat(resumed.jobs()).extracting(DeliveryJob::eventId)
                    .containsExactlyElementsOf(lost.jobs().stream().map(DeliveryJob::eventId).toList());

            dead.failed(lost.jobs().get(0), new DeliveryFailure(true, 400, "late answer", null));
            dead.finish(lost);
            assertThat(alive.deadLetters(null, null, 10)).isEmpty();
            assertThat(alive.backlog("customerio")).isEqualTo(5);
            resumed.jobs().forEach(alive::delivered);
            alive.finish(resumed);
            assertThat(alive.backlog("customerio")).isZero();
            assertThat(alive.claim("customerio", 10).jobs()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("ai.sahha.bridge.support.TestDatabases#available")
    void aClaimStillInProgressKeepsItsLeaseAndOneTakenOverIsAbandoned(String database) throws Exception {
        try (HikariDataSource dataSource = TestDatabases.migrated(database)) {
            journal(dataSource, 5);
            DeliveryStore slow = store(dataSource, "slow", Duration.ofSeconds(2));
            DeliveryStore other = store(dataSource, "other", Duration.ofSeconds(2));

            Claim inProgress = slow.claim("customerio", 10);
            for (int i = 0; i < 5; i++) {
                Thread.sleep(600);
                slow.renewLeases();
            }
            assertThat(other.claim("customerio", 10).jobs()).as("renewed past its first 2 s").isEmpty();
            assertThat(inProgress.abandoned()).isFalse();

            Thread.sleep(2_200); // not renewed: the other replica takes it over
            Claim takenOver = other.claim("customerio", 10);
            assertThat(takenOver.jobs()).hasSize(5);
            slow.renewLeases();
            assertThat(inProgress.abandoned()).as("nothing more of it is sent by the slow replica").isTrue();
            takenOver.jobs().forEach(other::delivered);
            other.finish(takenOver);
            assertThat(other.backlog("customerio")).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("ai.sahha.bridge.support.TestDatabases#available")
    void claimsShrinkWithTheDestinationsAllowedRate(String database) throws Exception {
        try (HikariDataSource dataSource = TestDatabases.migrated(database)) {
            journal(dataSource, 40);
            DeliveryStore store = store(dataSource, "replica", Duration.ofMinutes(5));
            store.sizeClaimsBy(destination -> 0.25); // its vendor allows a quarter of its documented rate now
            assertThat(store.claim("customerio", 40).jobs()).hasSize(10);
        }
    }

    @ParameterizedTest
    @MethodSource("ai.sahha.bridge.support.TestDatabases#available")
    void parkedDeliveriesAreRecheckedInBoundedBatchesLaterEachTimeAndNewEventsKeepHalfOfEveryClaim(String database)
            throws Exception {
        try (HikariDataSource dataSource = TestDatabases.migrated(database)) {
            journal(dataSource, 10);
            MovableClock clock = new MovableClock(Instant.now());
            DeliveryStore store = new DeliveryStore(dataSource, transactions(dataSource), "replica",
                    Duration.ofMinutes(5), SCHEDULE, clock, TAGS);
            store.recheckParkedAfter(Duration.ofHours(1), Duration.ofHours(3));
            Claim first = store.claim("customerio", 10);
            first.jobs().forEach(job -> store.park(job, "no email address is mapped"));
            store.finish(first);
            assertThat(store.recheckParked(4)).as("none due before its first hour").isZero();

            clock.now = clock.now.plus(Duration.ofMinutes(75));
            assertThat(store.recheckParked(4)).as("a bounded batch").isEqualTo(4);
            journal(dataSource, 6, i -> "new-person-" + i);
            Claim mixed = store.claim("customerio", 8);
            assertThat(mixed.jobs()).filteredOn(job -> job.id() != null).as("rechecked rows: half").hasSize(4);
            assertThat(mixed.jobs()).filteredOn(job -> job.id() == null).as("new events: the other half").hasSize(4);

            mixed.jobs().stream().filter(job -> job.id() != null)
                    .forEach(job -> store.park(job, "no email address is mapped"));
            clock.now = clock.now.plus(Duration.ofMinutes(75));
            assertThat(store.recheckParked(10)).as("the other six, parked once; the four parked twice wait longer")
                    .isEqualTo(6);
            clock.now = clock.now.plus(Duration.ofMinutes(75));
            assertThat(store.recheckParked(10)).as("two hours (±20 %) after their second parking").isEqualTo(4);
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
                assertThat(group).extracting(DeliveryJob::payload).containsExactly("{\"n\":0}", "{\"n\":1}");
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
                journal.append(new Journal.Entry("%064x".formatted((person.apply(i) + "/" + i).hashCode()), "ArchetypeCreatedIntegrationEvent", person.apply(i),
                                "{\"n\":" + i + "}",
                        List.of("customerio")))
                        .get();
            }
        } finally {
            journal.close();
        }
    }

    private static DeliveryStore store(DataSource dataSource, String owner, Duration lease) {
        return new DeliveryStore(dataSource, transactions(dataSource), owner, lease, SCHEDULE, Clock.systemUTC(), TAGS);
    }

    private static TransactionTemplate transactions(DataSource dataSource) {
        return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }
}
