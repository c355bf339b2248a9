package ai.sahha.bridge.destinations.klaviyo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;

import ai.sahha.bridge.delivery.Sync;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.identity.Recipient;
import ai.sahha.bridge.records.Score;
import ai.sahha.bridge.records.UndeliverableEventException;
import ai.sahha.bridge.support.Contracts;
import ai.sahha.bridge.support.Mappings;
import ai.sahha.bridge.support.Webhooks;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class KlaviyoTranslatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CREATED = "2025-07-13T13:08:53.322886Z";

    private final KlaviyoTranslator translator = new KlaviyoTranslator(MAPPER, "https://a.klaviyo.com",
            "pk_test", "2026-07-15", Mappings.titleCase("sahha_archetype_{name}_{periodicity}"));

    @Test
    void importsTheProfileWithPropertiesInsideDataAttributesAsTheSchemaWants() throws Exception {
        VendorRequest profile = translate(new Recipient(Recipient.Kind.EMAIL, "zoe@example.com"), Sync.ALL).get(0);

        assertThat(profile.path()).isEqualTo("/api/profile-import");
        assertThat(profile.headers()).containsEntry("Authorization", "Klaviyo-API-Key pk_test")
                .containsEntry("revision", "2026-07-15").containsEntry("Content-Type", "application/vnd.api+json")
                .containsEntry("Accept", "application/vnd.api+json");
        assertThat(Contracts.klaviyoErrors("create_or_update_profile", profile.body())).isEmpty();
        JsonNode attributes = MAPPER.readTree(profile.body()).at("/data/attributes");
        assertThat(MAPPER.readTree(profile.body()).at("/data/type").asString()).isEqualTo("profile");
        assertThat(attributes.get("email").asString()).isEqualTo("zoe@example.com");
        JsonNode properties = attributes.get("properties");
        assertThat(properties.get("sahha_archetype_sleep_duration_weekly").asString()).isEqualTo("short_sleeper");
        assertThat(properties.get("sahha_archetype_sleep_duration_weekly_created_at").asString()).isEqualTo(CREATED);
        assertThat(properties.get("sahha_archetype_sleep_duration_weekly_start").asString())
                .isEqualTo("2025-07-07T00:00:00+12:00");
        assertThat(properties.get("sahha_archetype_sleep_duration_weekly_end").asString())
                .isEqualTo("2025-07-13T00:00:00+12:00");
        assertThat(properties.get("sahha_archetype_sleep_duration_weekly_version").asString()).isEqualTo("1");
        assertThat(MAPPER.readTree(profile.body()).get("data").has("properties")).isFalse();
    }

    @Test
    void createsTheEventWithAContentDerivedUniqueId() throws Exception {
        Recipient person = new Recipient(Recipient.Kind.PHONE, "+64211234567");
        VendorRequest event = translate(person, Sync.ALL).get(1);

        assertThat(event.path()).isEqualTo("/api/events");
        assertThat(Contracts.klaviyoErrors("create_event", event.body())).isEmpty();
        JsonNode attributes = MAPPER.readTree(event.body()).at("/data/attributes");
        assertThat(attributes.at("/metric/data/attributes/name").asString()).isEqualTo("Sahha Archetype Assigned");
        assertThat(attributes.at("/profile/data/attributes/phone_number").asString()).isEqualTo("+64211234567");
        assertThat(attributes.get("time").asString()).isEqualTo("2025-07-13T13:08:53.322886Z");
        assertThat(attributes.at("/properties/archetype_value").asString()).isEqualTo("short_sleeper");
        assertThat(attributes.has("backfill")).isFalse();
        String uniqueId = attributes.get("unique_id").asString();
        assertThat(uniqueId).isNotBlank();
        JsonNode update = MAPPER.readTree(translator.translate(Webhooks.parsedArchetype("p", "long_sleeper", CREATED),
                person, Sync.ALL).get(1).body());
        assertThat(update.at("/data/attributes/unique_id").asString()).isNotEqualTo(uniqueId);
    }

    @Test
    void anOlderRecordIsRecordedAsABackfilledEventWithoutTouchingTheProfile() throws Exception {
        List<VendorRequest> requests = translate(new Recipient(Recipient.Kind.ID, "user-1"), new Sync(false, true));

        assertThat(requests).hasSize(1);
        assertThat(Contracts.klaviyoErrors("create_event", requests.get(0).body())).isEmpty();
        JsonNode attributes = MAPPER.readTree(requests.get(0).body()).at("/data/attributes");
        assertThat(attributes.get("backfill").asBoolean()).isTrue();
        assertThat(attributes.at("/profile/data/attributes/external_id").asString()).isEqualTo("user-1");
    }

    @Test
    void anEventOverKlaviyosPropertyLimitIsRefusedNotSentToBeDropped() {
        List<Score.Factor> factors = IntStream.range(0, 401)
                .mapToObj(i -> new Score.Factor("f" + i, 1.0, 1.0, 0.5, "high", "unit")).toList();
        Score score = new Score("s", null, null, "p", "sleep", "high", 0.8, factors,
                "2025-07-14T00:00:00+12:00", "2025-07-13T19:02:26+00:00", "1");
        assertThatThrownBy(() -> translator.translate(score,
                        new Recipient(Recipient.Kind.EMAIL, "a@b.co"), new Sync(false, true)))
                .isInstanceOf(UndeliverableEventException.class).hasMessageContaining("400");
    }

    private List<VendorRequest> translate(Recipient person, Sync sync) {
        return translator.translate(Webhooks.parsedArchetype("p", "short_sleeper", CREATED), person, sync);
    }
}
