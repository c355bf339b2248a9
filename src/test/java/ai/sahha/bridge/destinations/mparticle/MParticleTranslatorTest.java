package ai.sahha.bridge.destinations.mparticle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import ai.sahha.bridge.delivery.Sync;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.identity.Recipient;
import ai.sahha.bridge.support.Contracts;
import ai.sahha.bridge.support.Mappings;
import ai.sahha.bridge.support.Webhooks;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class MParticleTranslatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CREATED = "2025-07-13T13:08:53.322886Z";

    private final MParticleTranslator translator = new MParticleTranslator(MAPPER, "https://s2s.eu1.mparticle.com/v2",
            "key", "secret", "production", "customer_id", Mappings.titleCase("sahha_archetype_{name}"));

    @Test
    void sendsOneBatchWithIdentityAttributesAndTheCustomEventValidAgainstTheSchema() throws Exception {
        VendorRequest batch = translate("person-1", "short_sleeper", Sync.ALL);

        assertThat(batch.path()).isEqualTo("/events");
        assertThat(translator.baseUrl()).isEqualTo("https://s2s.eu1.mparticle.com/v2");
        assertThat(batch.headers()).containsEntry("Authorization",
                "Basic " + Base64.getEncoder().encodeToString("key:secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(Contracts.mparticleBatchErrors(batch.body())).isEmpty();
        JsonNode body = MAPPER.readTree(batch.body());
        assertThat(body.has("schema_version")).isFalse();
        assertThat(body.get("environment").asString()).isEqualTo("production");
        assertThat(body.at("/user_identities/customer_id").asString()).isEqualTo("person-1");
        assertThat(body.at("/user_attributes/sahha_archetype_sleep_duration").asString()).isEqualTo("short_sleeper");
        JsonNode event = body.at("/events/0");
        assertThat(event.get("event_type").asString()).isEqualTo("custom_event");
        assertThat(event.at("/data/event_name").asString()).isEqualTo("Sahha Archetype Assigned");
        assertThat(event.at("/data/custom_event_type").asString()).isEqualTo("other");
        assertThat(event.at("/data/timestamp_unixtime_ms").asLong()).isEqualTo(1752412133322L);
        assertThat(event.at("/data/custom_attributes/archetype_ordinality").asString()).isEqualTo("1");
    }

    @Test
    void requestAndMessageIdsAreStableForARetryAndNewForAnUpdate() throws Exception {
        JsonNode first = MAPPER.readTree(translate("p", "short_sleeper", Sync.ALL).body());
        JsonNode retry = MAPPER.readTree(translate("p", "short_sleeper", Sync.ALL).body());
        JsonNode update = MAPPER.readTree(translate("p", "long_sleeper", Sync.ALL).body());
        assertThat(retry.get("source_request_id")).isEqualTo(first.get("source_request_id"));
        assertThat(retry.at("/events/0/data/source_message_id")).isEqualTo(first.at("/events/0/data/source_message_id"));
        assertThat(update.get("source_request_id")).isNotEqualTo(first.get("source_request_id"));
        assertThat(update.at("/events/0/data/source_message_id")).isNotEqualTo(first.at("/events/0/data/source_message_id"));
    }

    @Test
    void anOlderRecordSendsTheEventWithoutUserAttributes() throws Exception {
        VendorRequest batch = translate("p", "short_sleeper", new Sync(false, true));
        assertThat(Contracts.mparticleBatchErrors(batch.body())).isEmpty();
        JsonNode body = MAPPER.readTree(batch.body());
        assertThat(body.has("user_attributes")).isFalse();
        assertThat(body.get("events")).hasSize(1);
    }

    @Test
    void theSchemaCheckRejectsSchemaVersionAsThePublishedSchemaDoes() {
        assertThat(Contracts.mparticleBatchErrors("{\"environment\":\"production\",\"schema_version\":2}")).isNotEmpty();
    }

    private VendorRequest translate(String person, String value, Sync sync) {
        return translator.translate(Webhooks.parsedArchetype(person, value, CREATED),
                new Recipient(Recipient.Kind.ID, person), sync).get(0);
    }
}
