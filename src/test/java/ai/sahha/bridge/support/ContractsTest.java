package ai.sahha.bridge.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The contract checks the translator tests rely on do reject what the vendors would reject. */
class ContractsTest {

    @Test
    void segmentNeedsAnIdentityAMessageIdUnder100CharactersAndATrackEvent() {
        String valid = "{\"userId\":\"u\",\"messageId\":\"m\",\"timestamp\":\"2025-07-13T13:08:53Z\"}";
        assertThat(Contracts.segmentErrors("IdentifyCall", valid)).isEmpty();
        assertThat(Contracts.segmentErrors("IdentifyCall", "{\"messageId\":\"m\",\"timestamp\":\"2025-07-13T13:08:53Z\"}"))
                .isNotEmpty();
        assertThat(Contracts.segmentErrors("IdentifyCall", valid.replace("\"m\"", "\"" + "m".repeat(100) + "\"")))
                .isNotEmpty();
        assertThat(Contracts.segmentErrors("IdentifyCall", valid.replace("2025-07-13T13:08:53Z", "yesterday")))
                .isNotEmpty();
        assertThat(Contracts.segmentErrors("TrackCall", valid)).isNotEmpty();
    }

    @Test
    void iterableChecksFieldTypes() {
        assertThat(Contracts.iterableErrors("TrackRequest", "{\"eventName\":\"e\",\"createdAt\":1}")).isEmpty();
        assertThat(Contracts.iterableErrors("TrackRequest", "{\"createdAt\":1}")).isNotEmpty();
        assertThat(Contracts.iterableErrors("ApiUserUpdateRequest", "{\"email\":\"a@b.co\",\"dataFields\":\"x\"}"))
                .isNotEmpty();
    }

    @Test
    void klaviyoNeedsTheJsonApiEnvelope() {
        assertThat(Contracts.klaviyoErrors("create_or_update_profile", "{\"data\":{\"type\":\"profile\"}}")).isNotEmpty();
        assertThat(Contracts.klaviyoErrors("create_or_update_profile",
                "{\"data\":{\"type\":\"profile\",\"attributes\":{\"properties\":[]}}}")).isNotEmpty();
        assertThat(Contracts.klaviyoErrors("create_event", "{\"data\":{\"type\":\"event\",\"attributes\":{}}}"))
                .isNotEmpty();
    }

    @Test
    void mparticleChecksIdentitiesAndEventIds() {
        assertThat(Contracts.mparticleBatchErrors("{\"environment\":\"production\"}")).isEmpty();
        assertThat(Contracts.mparticleBatchErrors("{\"environment\":\"production\",\"user_identities\":{\"x\":\"1\"}}"))
                .isNotEmpty();
        assertThat(Contracts.mparticleBatchErrors("{\"environment\":\"production\",\"events\":[{\"event_type\":"
                + "\"custom_event\",\"data\":{\"event_name\":\"e\",\"custom_event_type\":\"other\","
                + "\"source_message_id\":\"not-a-uuid\"}}]}")).isNotEmpty();
    }
}
