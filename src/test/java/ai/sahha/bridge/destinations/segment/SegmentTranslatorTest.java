package ai.sahha.bridge.destinations.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.delivery.RecordTranslator;
import ai.sahha.bridge.delivery.Sync;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.identity.Recipient;
import ai.sahha.bridge.records.UndeliverableEventException;
import ai.sahha.bridge.support.ConfiguredDestinations;
import ai.sahha.bridge.support.Contracts;
import ai.sahha.bridge.support.Webhooks;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class SegmentTranslatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CREATED = "2025-07-13T13:08:53.322886Z";

    /** Segment is a declarative destination: its calls are those of the packaged configuration. */
    private final RecordTranslator translator = ConfiguredDestinations.calls("segment",
            Map.of("base-url", "events.eu1.segmentapis.com/", "credentials.write-key", "write-key")).translator();

    @Test
    void identifiesWithTheTutorialsTraitsValidAgainstSegmentsContract() throws Exception {
        VendorRequest identify = translate("person-1", "short_sleeper", CREATED).get(0);

        assertThat(identify.path()).isEqualTo("/v1/identify");
        assertThat(identify.headers()).containsEntry("Authorization", "Basic "
                + Base64.getEncoder().encodeToString("write-key:".getBytes(StandardCharsets.UTF_8)));
        assertThat(Contracts.segmentErrors("IdentifyCall", identify.body())).isEmpty();
        JsonNode body = MAPPER.readTree(identify.body());
        assertThat(body.get("userId").asString()).isEqualTo("person-1");
        assertThat(body.get("timestamp").asString()).isEqualTo(CREATED);
        assertThat(body.at("/traits/sahha_archetype_sleep_duration").asString()).isEqualTo("short_sleeper");
        assertThat(body.at("/traits/sahha_profile_id").asString()).isEqualTo("6be989eb-813c-4380-be85-a6a7d787da70");
        assertThat(body.at("/traits/sahha_account_id").asString()).isEqualTo("a17fd912-46a2-48aa-be3e-1146ee2cd258");
        assertThat(body.at("/traits/sahha_archetype_last_updated_utc").asString()).isEqualTo(CREATED);
    }

    @Test
    void tracksTheAssignmentWithTheTutorialsProperties() throws Exception {
        VendorRequest track = translate("person-1", "short_sleeper", CREATED).get(1);

        assertThat(track.path()).isEqualTo("/v1/track");
        assertThat(Contracts.segmentErrors("TrackCall", track.body())).isEmpty();
        JsonNode body = MAPPER.readTree(track.body());
        assertThat(body.get("event").asString()).isEqualTo("Sahha Archetype Assigned");
        JsonNode properties = body.get("properties");
        assertThat(properties.get("sahha_event_id").asString()).isEqualTo("d2aa3724-3cb7-5a30-8635-4ae9948f9daa");
        assertThat(properties.get("archetype_name").asString()).isEqualTo("sleep_duration");
        assertThat(properties.get("archetype_value").asString()).isEqualTo("short_sleeper");
        assertThat(properties.get("archetype_data_type").asString()).isEqualTo("ordinal");
        assertThat(properties.get("archetype_periodicity").asString()).isEqualTo("weekly");
        assertThat(properties.get("archetype_ordinality").asInt()).isEqualTo(1);
        assertThat(properties.get("period_start").asString()).isEqualTo("2025-07-07T00:00:00+12:00");
        assertThat(properties.get("period_end").asString()).isEqualTo("2025-07-13T00:00:00+12:00");
        assertThat(properties.get("created_at_utc").asString()).isEqualTo(CREATED);
        assertThat(properties.get("algorithm_version").asString()).isEqualTo("1");
    }

    @Test
    void messageIdsAreStableForARetryNewForAnUpdateAndDifferPerMessage() throws Exception {
        List<String> first = messageIds(translate("p", "short_sleeper", CREATED));
        assertThat(first.get(0)).isNotEqualTo(first.get(1)).hasSizeLessThan(100);
        assertThat(messageIds(translate("p", "short_sleeper", CREATED))).isEqualTo(first);
        assertThat(messageIds(translate("p", "average_sleeper", CREATED))).doesNotContainAnyElementsOf(first);
        assertThat(messageIds(translate("p", "short_sleeper", "2025-07-20T13:08:53Z"))).doesNotContainAnyElementsOf(first);
    }

    @Test
    void aHostNameBecomesAnHttpsBaseUrl() {
        assertThat(translator.baseUrl()).isEqualTo("https://events.eu1.segmentapis.com");
    }

    @Test
    void aMessageOver32KbIsRefusedRatherThanSilentlyDroppedBySegment() {
        String huge = "x".repeat(33 * 1024);
        assertThatThrownBy(() -> translate("p", huge, CREATED)).isInstanceOf(UndeliverableEventException.class)
                .hasMessageContaining("32 KB");
    }

    private List<VendorRequest> translate(String person, String value, String created) {
        return translator.translate(Webhooks.parsedArchetype(person, value, created),
                new Recipient(Recipient.Kind.ID, person), Sync.ALL);
    }

    private static List<String> messageIds(List<VendorRequest> requests) throws Exception {
        return List.of(MAPPER.readTree(requests.get(0).body()).get("messageId").asString(),
                MAPPER.readTree(requests.get(1).body()).get("messageId").asString());
    }
}
