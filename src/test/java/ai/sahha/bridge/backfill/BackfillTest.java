package ai.sahha.bridge.backfill;

import static ai.sahha.bridge.support.SahhaApiStandIn.archetype;
import static ai.sahha.bridge.support.VendorStandIn.SEGMENT_IDENTIFY;
import static ai.sahha.bridge.support.VendorStandIn.SEGMENT_TRACK;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.commands.BackfillCommand;
import ai.sahha.bridge.support.SahhaApiStandIn;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.VendorStandIn;
import ai.sahha.bridge.support.Webhooks;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Backfill from a local stand-in for the Sahha API, through the same journal and delivery as webhooks (Segment
 * on a stand-in): the command runs beside the running bridge on the same embedded database, as an operator would
 * run it; the admin endpoint starts jobs inside the bridge.
 */
@CamelSpringBootTest
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "bridge.webhook.secret=" + Webhooks.SECRET,
                "management.server.port=0",
                // call by call, whatever a claim's size: BulkDeliveryTest covers bulk calls
                "bridge.destinations.segment.bulk.min-items=0",
                "bridge.destinations.segment.credentials.write-key=write-key",
                "bridge.destinations.segment.poll-interval-ms=50",
                "bridge.sahha-api.client-id=client",
                "bridge.sahha-api.client-secret=secret",
                "bridge.sahha-api.requests-per-second=200",
                "bridge.sahha-api.page-size=2",
                "bridge.sahha-api.initial-backoff=50ms"})
@DirtiesContext
class BackfillTest {

    static final SahhaApiStandIn SAHHA = new SahhaApiStandIn();
    static final VendorStandIn VENDORS = new VendorStandIn();
    static final Path DATA = TestDataDirs.create("backfill");
    static final Duration WITHIN = Duration.ofSeconds(20);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", DATA::toString);
        registry.add("bridge.sahha-api.base-url", SAHHA::baseUrl);
        registry.add("bridge.destinations.segment.base-url", VENDORS::baseUrl);
    }

    @AfterAll
    static void stopStandIns() {
        SAHHA.close();
        VENDORS.close();
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @BeforeEach
    void freshStandIns() {
        SAHHA.reset();
        VENDORS.healthy();
    }

    @Test
    void allProfilesArePagedThroughFromZeroSkippingSampleProfilesAndARepeatedRunSendsNothingNew() {
        List<String> people = List.of("all-0", "all-1", "all-2", "all-3");
        SAHHA.profiles(people, List.of("SampleProfile-1"), 2, 0);
        SAHHA.archetypes("all-0", List.of(archetype("short_sleeper", "2025-06-30"), archetype("average_sleeper", "2025-07-07")));
        SAHHA.throttleOnce("all-1", List.of(archetype("long_sleeper", "2025-07-07")));
        SAHHA.archetypes("all-2", List.of()); // 200 []
        SAHHA.archetypes("all-3", null); // 204

        assertThat(backfill("--all", "--since", "2025-06-01", "--until", "2025-08-01")).isZero();

        assertThat(output()).contains("4/4 profiles", "3 new record(s)");
        assertThat(SAHHA.archetypeRequests("SampleProfile-1")).isZero();
        assertThat(SAHHA.archetypeRequests("all-1")).isEqualTo(2); // the 429 was retried
        assertThat(SAHHA.tokenRequests()).isEqualTo(1);
        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(VENDORS.calls("POST", SEGMENT_TRACK, "all-0")).hasSize(2);
            assertThat(VENDORS.calls("POST", SEGMENT_TRACK, "all-1")).hasSize(1);
        });
        // the newest week is the person's attribute, the older one was history before it
        assertThat(VENDORS.calls("POST", SEGMENT_IDENTIFY, "all-0").get(1).getBodyAsString()).contains("average_sleeper");

        output.reset();
        assertThat(backfill("--all", "--since", "2025-06-01", "--until", "2025-08-01")).isZero();
        assertThat(output()).contains("0 new record(s)");
        assertThat(VENDORS.calls("POST", SEGMENT_TRACK, "all-0")).hasSize(2);
    }

    @Test
    void anApiThatCountsPagesFromOneIsPagedThroughToo() {
        List<String> people = List.of("one-0", "one-1", "one-2");
        SAHHA.profiles(people, List.of(), 2, 1);
        people.forEach(person -> SAHHA.archetypes(person, List.of(archetype("short_sleeper", "2025-07-07"))));

        assertThat(backfill("--all", "--since", "2025-06-01", "--until", "2025-08-02")).isZero();

        assertThat(output()).contains("3/3 profiles", "3 new record(s)");
        people.forEach(person -> assertThat(SAHHA.archetypeRequests(person)).isEqualTo(1));
    }

    @Test
    void aFileOfIdsOrOneExternalIdIsBackfilled() throws Exception {
        Path ids = DATA.resolve("ids.txt");
        Files.writeString(ids, "external_id\nfile-1\n\n# a comment\nfile-2\n");
        SAHHA.archetypes("file-1", List.of(archetype("short_sleeper", "2025-07-07")));
        SAHHA.archetypes("file-2", List.of(archetype("long_sleeper", "2025-07-07")));
        SAHHA.archetypes("single", List.of(archetype("average_sleeper", "2025-07-07")));

        assertThat(backfill("--file", ids.toString(), "--since=2025-06-01", "--until=2025-08-03")).isZero();
        assertThat(backfill("--external-id", "single", "--since", "2025-06-01", "--until", "2025-08-03")).isZero();

        await().atMost(WITHIN).untilAsserted(() -> List.of("file-1", "file-2", "single")
                .forEach(person -> assertThat(VENDORS.calls("POST", SEGMENT_TRACK, person)).hasSize(1)));
        assertThat(backfill("--external-id")).isEqualTo(2);
        assertThat(output()).contains("usage:");
    }

    @Test
    void scoresAreBackfilledWhenAskedFor() {
        SAHHA.archetypes("scored", List.of());
        SAHHA.scores("scored", List.of(SahhaApiStandIn.score(0.42, "low", "2025-07-10"),
                SahhaApiStandIn.score(0.86, "high", "2025-07-11")));

        assertThat(backfill("--external-id", "scored", "--scores", "--since", "2025-06-01", "--until", "2025-08-07"))
                .isZero();

        assertThat(output()).contains("2 new record(s)");
        assertThat(SAHHA.server().findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlPathMatching("/api/v1/profile/score/scored"))).get(0).queryParameter("types").values())
                .contains("sleep", "activity");
        await().atMost(WITHIN).until(() -> VENDORS.calls("POST", SEGMENT_TRACK, "scored").size() == 2);
        assertThat(VENDORS.calls("POST", SEGMENT_IDENTIFY, "scored")).last()
                .satisfies(r -> assertThat(r.getBodyAsString()).contains("\"sahha_score_sleep\":0.86"));
    }

    @Test
    void aStoppedBackfillResumesWhereItStoppedAndSendsNothingTwice() throws Exception {
        List<String> people = IntStream.range(0, 6).mapToObj(i -> "resume-" + i).toList();
        SAHHA.profiles(people, List.of(), 2, 0);
        people.forEach(person -> SAHHA.server().stubFor(get(urlPathMatching("/api/v1/profile/archetypes/" + person))
                .willReturn(okJson("[" + json(archetype("short_sleeper", "2025-07-07")) + "]").withFixedDelay(150))));
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture.runAsync(() -> await().atMost(WITHIN).until(() -> profilesDone() >= 2)).thenRun(() -> stop.set(true));

        int first = BackfillCommand.run(args("--all", "--since", "2025-06-01", "--until", "2025-08-04"), out(), out(),
                stop);

        assertThat(first).isEqualTo(130);
        assertThat(output()).contains("stopped", "run the same command to resume");
        int doneBefore = profilesDone();
        assertThat(doneBefore).isBetween(2, 5);

        assertThat(backfill("--all", "--since", "2025-06-01", "--until", "2025-08-04")).isZero();
        assertThat(output()).contains("Resuming: " + doneBefore, "6/6 profiles");
        for (String person : people) {
            assertThat(SAHHA.archetypeRequests(person)).as(person).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM journal_event WHERE external_id = ?", Integer.class,
                    person)).isEqualTo(1);
        }
        await().atMost(WITHIN).untilAsserted(() -> people.forEach(
                person -> assertThat(VENDORS.calls("POST", SEGMENT_TRACK, person)).hasSize(1)));
    }

    @Test
    void aNewerWebhookIsNotOverwrittenByAnOlderBackfilledRecord() {
        String person = "webhook-first";
        HttpResponse<String> webhook = Webhooks.post(port, Webhooks.ARCHETYPE, person, Webhooks.json(
                Webhooks.archetype(person, "long_sleeper", "2025-07-13T13:08:53Z")));
        assertThat(webhook.body()).isEqualTo("{\"received\":true}");
        await().atMost(WITHIN).until(() -> VENDORS.calls("POST", SEGMENT_TRACK, person).size() == 1);
        // the API still has the week's first, older label
        SAHHA.archetypes(person, List.of(archetype("short_sleeper", "2025-07-07")));

        assertThat(backfill("--external-id", person, "--since", "2025-06-01", "--until", "2025-08-05")).isZero();

        await().atMost(WITHIN).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM delivery_status d JOIN journal_event e"
                + " ON e.id = d.event_id WHERE e.external_id = ? AND d.status = 'DELIVERED'", Integer.class, person) == 2);
        assertThat(VENDORS.calls("POST", SEGMENT_IDENTIFY, person)).hasSize(1)
                .allSatisfy(r -> assertThat(r.getBodyAsString()).contains("long_sleeper"));
        assertThat(VENDORS.calls("POST", SEGMENT_TRACK, person)).hasSize(1);
    }

    @Test
    void theAdminEndpointStartsAJobAndReportsItsProgress() {
        SAHHA.archetypes("admin-1", List.of(archetype("short_sleeper", "2025-07-07")));

        HttpResponse<String> started = manage("POST", "{\"externalId\":\"admin-1\",\"since\":\"2025-06-01\","
                + "\"until\":\"2025-08-06\"}");
        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(started.body()).contains("started");

        await().atMost(WITHIN).untilAsserted(() -> assertThat(manage("GET", null).body())
                .contains("\"status\":\"COMPLETE\"", "\"profilesDone\":1", "\"profilesTotal\":1"));
        await().atMost(WITHIN).until(() -> VENDORS.calls("POST", SEGMENT_TRACK, "admin-1").size() == 1);
        assertThat(manage("POST", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void reconciliationReSendsOnlyWhatDiffersFromWhatTheDestinationHas() {
        SAHHA.profiles(List.of("reconciled"), List.of(), 2, 0);
        SAHHA.archetypes("reconciled", List.of(archetype("short_sleeper", "2025-07-07")));
        Duration window = Duration.between(java.time.Instant.parse("2025-06-01T00:00:00Z"), java.time.Instant.now());

        backfillService.reconcile(window);
        await().atMost(WITHIN).until(() -> VENDORS.calls("POST", SEGMENT_TRACK, "reconciled").size() == 1);
        await().atMost(WITHIN).until(() -> backfillService.running() == null);

        backfillService.reconcile(window); // nothing changed at Sahha
        await().atMost(WITHIN).until(() -> backfillService.running() == null);
        SAHHA.archetypes("reconciled", List.of(archetype("long_sleeper", "2025-07-07"))); // Sahha revised the week
        backfillService.reconcile(window);

        await().atMost(WITHIN).until(() -> VENDORS.calls("POST", SEGMENT_TRACK, "reconciled").size() == 2);
        assertThat(VENDORS.calls("POST", SEGMENT_IDENTIFY, "reconciled").get(1).getBodyAsString())
                .contains("long_sleeper");
    }

    @Autowired
    BackfillService backfillService;

    private int backfill(String... args) {
        return BackfillCommand.run(args(args), out(), out(), new AtomicBoolean());
    }

    /** The command's arguments and the settings it shares with the server (as the environment would give both). */
    private String[] args(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bridge.data-dir=" + DATA, "--bridge.sahha-api.base-url=" + SAHHA.baseUrl(),
                "--bridge.sahha-api.client-id=client", "--bridge.sahha-api.client-secret=secret",
                "--bridge.sahha-api.requests-per-second=200", "--bridge.sahha-api.page-size=2",
                "--bridge.sahha-api.initial-backoff=50ms", "--bridge.destinations.segment.credentials.write-key=write-key"));
        return all.toArray(String[]::new);
    }

    private PrintStream out() {
        return new PrintStream(output, true, StandardCharsets.UTF_8);
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private int profilesDone() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM backfill_profile p JOIN backfill_job j ON j.id = p.job_id"
                + " WHERE p.done = TRUE AND p.external_id LIKE 'resume-%'", Integer.class);
    }

    private HttpResponse<String> manage(String method, String body) {
        return Webhooks.manage(managementPort, method, "backfill", body);
    }

    private static String json(Map<String, Object> value) {
        try {
            return new tools.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
