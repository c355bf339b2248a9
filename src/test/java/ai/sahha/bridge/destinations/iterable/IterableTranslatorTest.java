package ai.sahha.bridge.destinations.iterable;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.destinations.Sync;
import ai.sahha.bridge.identity.Recipient;
import ai.sahha.bridge.support.Contracts;
import ai.sahha.bridge.support.Mappings;
import ai.sahha.bridge.support.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class IterableTranslatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CREATED = "2025-07-13T13:08:53.322886Z";

    private final IterableTranslator translator = new IterableTranslator(MAPPER, "https://api.eu.iterable.com",
            "api-key", Mappings.snakeCase("sahha_archetype_{name}"));

    @Test
    void updatesTheUserByEmailWithTheTutorialsDataFields() throws Exception {
        VendorRequest update = translate(new Recipient(Recipient.Kind.EMAIL, "zoë@exämple.com"), "short_sleeper",
                CREATED).get(0);

        assertThat(update.path()).isEqualTo("/api/users/update");
        assertThat(update.headers()).containsEntry("Api-Key", "api-key");
        assertThat(Contracts.iterableErrors("ApiUserUpdateRequest", update.body())).isEmpty();
        JsonNode body = MAPPER.readTree(update.body());
        assertThat(body.get("email").asText()).isEqualTo("zoë@exämple.com");
        assertThat(body.has("userId")).isFalse();
        JsonNode fields = body.get("dataFields");
        assertThat(fields.get("sahha_archetype_sleep_duration_value").asText()).isEqualTo("short_sleeper");
        assertThat(fields.get("sahha_archetype_sleep_duration_periodicity").asText()).isEqualTo("weekly");
        assertThat(fields.get("sahha_archetype_sleep_duration_startDateTime").asText())
                .isEqualTo("2025-07-07T00:00:00+12:00");
        assertThat(fields.get("sahha_archetype_sleep_duration_endDateTime").asText())
                .isEqualTo("2025-07-13T00:00:00+12:00");
        assertThat(fields.get("sahha_archetype_sleep_duration_createdAtUtc").asText()).isEqualTo(CREATED);
        assertThat(fields.get("sahha_archetype_sleep_duration_ordinality").isIntegralNumber()).isTrue();
        assertThat(fields.get("sahha_archetypes_lastUpdatedAtUtc").asText()).isEqualTo(CREATED);
        assertThat(fields.get("sahha_archetypes_lastEventId").asText())
                .isEqualTo(MAPPER.readTree(translate(new Recipient(Recipient.Kind.EMAIL, "a@b.co"), "short_sleeper",
                        CREATED).get(1).body()).get("id").asText());
    }

    @Test
    void tracksTheAssignmentWithAnIdThatChangesWhenTheRecordIsUpdated() throws Exception {
        Recipient person = new Recipient(Recipient.Kind.ID, "user-1");
        VendorRequest track = translate(person, "short_sleeper", CREATED).get(1);

        assertThat(track.path()).isEqualTo("/api/events/track");
        assertThat(Contracts.iterableErrors("TrackRequest", track.body())).isEmpty();
        JsonNode body = MAPPER.readTree(track.body());
        assertThat(body.get("userId").asText()).isEqualTo("user-1");
        assertThat(body.get("eventName").asText()).isEqualTo("sahha_archetype_assigned");
        assertThat(body.get("createdAt").asLong()).isEqualTo(1752412133L);
        String id = body.get("id").asText();
        assertThat(MAPPER.readTree(translate(person, "short_sleeper", CREATED).get(1).body()).get("id").asText())
                .isEqualTo(id);
        assertThat(MAPPER.readTree(translate(person, "long_sleeper", CREATED).get(1).body()).get("id").asText())
                .isNotEqualTo(id);
    }

    @Test
    void ordinalityIsLeftOutWhenItIsNotNumeric() throws Exception {
        var event = Webhooks.archetype("p", "x", CREATED);
        event.put("ordinality", null);
        var archetype = ai.sahha.bridge.records.Archetype.parse(MAPPER,
                new String(Webhooks.json(event), java.nio.charset.StandardCharsets.UTF_8));
        VendorRequest update = translator.translate(archetype, new Recipient(Recipient.Kind.ID, "p"), Sync.ALL).get(0);
        assertThat(MAPPER.readTree(update.body()).get("dataFields").has("sahha_archetype_sleep_duration_ordinality"))
                .isFalse();
    }

    private List<VendorRequest> translate(Recipient person, String value, String created) {
        return translator.translate(Webhooks.parsedArchetype(person.value(), value, created), person, Sync.ALL);
    }
}
