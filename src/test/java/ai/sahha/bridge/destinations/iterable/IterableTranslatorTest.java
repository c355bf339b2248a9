package ai.sahha.bridge.destinations.iterable;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import ai.sahha.bridge.delivery.Sync;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.identity.Recipient;
import ai.sahha.bridge.support.Contracts;
import ai.sahha.bridge.support.Mappings;
import ai.sahha.bridge.support.Webhooks;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

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
        assertThat(body.get("email").asString()).isEqualTo("zoë@exämple.com");
        assertThat(body.has("userId")).isFalse();
        JsonNode fields = body.get("dataFields");
        assertThat(fields.get("sahha_archetype_sleep_duration_value").asString()).isEqualTo("short_sleeper");
        assertThat(fields.get("sahha_archetype_sleep_duration_periodicity").asString()).isEqualTo("weekly");
        assertThat(fields.get("sahha_archetype_sleep_duration_startDateTime").asString())
                .isEqualTo("2025-07-07T00:00:00+12:00");
        assertThat(fields.get("sahha_archetype_sleep_duration_endDateTime").asString())
                .isEqualTo("2025-07-13T00:00:00+12:00");
        assertThat(fields.get("sahha_archetype_sleep_duration_createdAtUtc").asString()).isEqualTo(CREATED);
        assertThat(fields.get("sahha_archetype_sleep_duration_ordinality").isIntegralNumber()).isTrue();
        assertThat(fields.get("sahha_archetypes_lastUpdatedAtUtc").asString()).isEqualTo(CREATED);
        assertThat(fields.get("sahha_archetypes_lastEventId").asString())
                .isEqualTo(MAPPER.readTree(translate(new Recipient(Recipient.Kind.EMAIL, "a@b.co"), "short_sleeper",
                        CREATED).get(1).body()).get("id").asString());
    }

    @Test
    void tracksTheAssignmentWithAnIdThatChangesWhenTheRecordIsUpdated() throws Exception {
        Recipient person = new Recipient(Recipient.Kind.ID, "user-1");
        VendorRequest track = translate(person, "short_sleeper", CREATED).get(1);

        assertThat(track.path()).isEqualTo("/api/events/track");
        assertThat(Contracts.iterableErrors("TrackRequest", track.body())).isEmpty();
        JsonNode body = MAPPER.readTree(track.body());
        assertThat(body.get("userId").asString()).isEqualTo("user-1");
        assertThat(body.get("eventName").asString()).isEqualTo("sahha_archetype_assigned");
        assertThat(body.get("createdAt").asLong()).isEqualTo(1752412133L);
        String id = body.get("id").asString();
        assertThat(MAPPER.readTree(translate(person, "short_sleeper", CREATED).get(1).body()).get("id").asString())
                .isEqualTo(id);
        assertThat(MAPPER.readTree(translate(person, "long_sleeper", CREATED).get(1).body()).get("id").asString())
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
