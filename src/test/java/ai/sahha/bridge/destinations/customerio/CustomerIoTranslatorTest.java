package ai.sahha.bridge.destinations.customerio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.delivery.Sync;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.identity.Recipient;
import ai.sahha.bridge.records.Archetype;
import ai.sahha.bridge.records.UndeliverableEventException;
import ai.sahha.bridge.support.Contracts;
import ai.sahha.bridge.support.Mappings;
import ai.sahha.bridge.support.Webhooks;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class CustomerIoTranslatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CREATED = "2025-07-13T13:08:53.322886Z";
    private static final long CREATED_SECONDS = 1752412133L;

    private static final CustomerIoRegion REGION = new CustomerIoRegion("https://track.customer.io/", null, "site",
            "key", MAPPER);

    private final CustomerIoTranslator translator = translator(false);

    @Test
    void identifiesThePersonWithTheTutorialsAttributesValidAgainstTheTrackApi() throws Exception {
        VendorRequest identify = translate(translator, "zoë@exämple.com", "short_sleeper", CREATED).get(0);

        assertThat(identify.method()).isEqualTo("PUT");
        assertThat(identify.path()).isEqualTo("/api/v1/customers/zo%C3%AB%40ex%C3%A4mple.com");
        assertThat(identify.headers()).containsEntry("Authorization",
                "Basic " + Base64.getEncoder().encodeToString("site:key".getBytes(StandardCharsets.UTF_8)));
        assertThat(Contracts.customerIoIdentifyErrors(identify.body())).isEmpty();

        JsonNode body = MAPPER.readTree(identify.body());
        assertThat(body.get("sahha_archetype_weekly_sleep_duration").asString()).isEqualTo("short_sleeper");
        assertThat(body.get("sahha_archetype_weekly_sleep_duration_ordinality").asInt()).isEqualTo(1);
        assertThat(body.get("sahha_archetype_weekly_sleep_duration_window_start_ts").asLong())
                .isEqualTo(1751803200L); // 2025-07-07T00:00+12:00
        assertThat(body.get("sahha_archetype_weekly_sleep_duration_window_end_ts").asLong()).isEqualTo(1752321600L);
        assertThat(body.get("sahha_archetype_weekly_sleep_duration_created_ts").asLong()).isEqualTo(CREATED_SECONDS);
        assertThat(body.get("sahha_archetype_last_updated_ts").asLong()).isEqualTo(CREATED_SECONDS);
        assertThat(body.get("_timestamp").asLong()).isEqualTo(CREATED_SECONDS);
        assertThat(body.has("id")).isFalse();
        assertThat(body.has("email")).isFalse();
        assertThat(body.has("_update")).isFalse();
    }

    @Test
    void tracksTheAssignmentAsAnEventWithAContentDerivedUlid() throws Exception {
        VendorRequest event = translate(translator, "person-1", "short_sleeper", CREATED).get(1);

        assertThat(event.method()).isEqualTo("POST");
        assertThat(event.path()).isEqualTo("/api/v1/customers/person-1/events");
        assertThat(Contracts.customerIoEventErrors(event.body())).isEmpty();
        JsonNode body = MAPPER.readTree(event.body());
        assertThat(body.get("name").asString()).isEqualTo("sahha_archetype_assigned");
        assertThat(body.get("timestamp").asLong()).isEqualTo(CREATED_SECONDS);
        assertThat(body.get("id").asString()).matches("[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(body.at("/data/archetype_value").asString()).isEqualTo("short_sleeper");
        assertThat(body.at("/data/archetype_name").asString()).isEqualTo("sleep_duration");
    }

    @Test
    void aRetrySendsTheSameEventIdButAnUpdateThatReusesTheSahhaIdSendsANewOne() throws Exception {
        String first = eventId(translate(translator, "p", "short_sleeper", CREATED));
        assertThat(eventId(translate(translator, "p", "short_sleeper", CREATED))).isEqualTo(first);
        assertThat(eventId(translate(translator, "p", "average_sleeper", CREATED))).isNotEqualTo(first);
        assertThat(eventId(translate(translator, "p", "short_sleeper", "2025-07-20T13:08:53Z"))).isNotEqualTo(first);
    }

    @Test
    void updateOnlyAsksCustomerIoNotToCreatePeople() throws Exception {
        CustomerIoTranslator updateOnly = translator(true);
        VendorRequest identify = translate(updateOnly, "p", "short_sleeper", CREATED).get(0);
        assertThat(MAPPER.readTree(identify.body()).get("_update").asBoolean()).isTrue();
        assertThat(Contracts.customerIoIdentifyErrors(identify.body())).isEmpty();
    }

    @Test
    void theContractCheckRejectsBodiesTheTrackApiWouldNotTake() {
        assertThat(Contracts.customerIoIdentifyErrors("{\"score\":[1,2]}")).isNotEmpty();
        assertThat(Contracts.customerIoEventErrors("{\"data\":{}}")).isNotEmpty();
        assertThat(Contracts.customerIoEventErrors("{\"name\":\"x\",\"timestamp\":\"yesterday\"}")).isNotEmpty();
    }

    @Test
    void spacesInIdentifiersArePercentEncodedNotPlus() {
        assertThat(CustomerIoTranslator.pathSegment("a b+c/d")).isEqualTo("a%20b%2Bc%2Fd");
    }

    @Test
    void anOlderRecordSendsOnlyTheEventAndAChangeOnlySkipSendsOnlyTheAttributes() {
        Archetype archetype = Webhooks.parsedArchetype("p", "short_sleeper", CREATED);
        Recipient person = new Recipient(Recipient.Kind.ID, "p");
        assertThat(translator.translate(archetype, person, new Sync(false, true)))
                .singleElement().satisfies(r -> assertThat(r.path()).endsWith("/events"));
        assertThat(translator.translate(archetype, person, new Sync(true, false)))
                .singleElement().satisfies(r -> assertThat(r.method()).isEqualTo("PUT"));
    }

    @Test
    void anArchetypeWithoutItsValueCannotBeDelivered() {
        Map<String, Object> event = Webhooks.archetype("p", "x", CREATED);
        event.remove("value");
        assertThatThrownBy(() -> Archetype.parse(MAPPER, new String(Webhooks.json(event), StandardCharsets.UTF_8)))
                .isInstanceOf(UndeliverableEventException.class);
    }

    @Test
    void theBaseUrlIsTheConfiguredOneWithoutATrailingSlash() {
        assertThat(translator.baseUrl()).isEqualTo("https://track.customer.io");
    }

    private static CustomerIoTranslator translator(boolean updateOnly) {
        return new CustomerIoTranslator(MAPPER, REGION, "site", "key", updateOnly,
                Mappings.snakeCase("sahha_archetype_{periodicity}_{name}"));
    }

    private static List<VendorRequest> translate(CustomerIoTranslator translator, String person, String value,
                                                 String created) {
        return translator.translate(Webhooks.parsedArchetype(person, value, created),
                new Recipient(Recipient.Kind.ID, person), Sync.ALL);
    }

    private static String eventId(List<VendorRequest> requests) throws Exception {
        return MAPPER.readTree(requests.get(1).body()).get("id").asString();
    }
}
