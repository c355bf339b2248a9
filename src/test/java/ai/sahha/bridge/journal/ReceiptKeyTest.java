package ai.sahha.bridge.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import ai.sahha.bridge.Hashing;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

/** Receipt keys: a redelivery has the same key, anything else a new one, and later events sort after earlier ones. */
class ReceiptKeyTest {

    private static final String ARCHETYPE = "ArchetypeCreatedIntegrationEvent";
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void anExactRedeliveryHasTheSameKeyAndAnUpdateThatReusesTheIdANewOne() throws Exception {
        String first = archetype("short_sleeper", "2026-11-23T10:00:00.123456Z");
        String update = archetype("average_sleeper", "2026-11-23T10:00:00.123456Z");

        assertThat(key(first)).isEqualTo(key(first));
        assertThat(key(update)).isNotEqualTo(key(first));
        assertThat(ReceiptKey.of(mapper.readTree(first), "ScoreCreatedIntegrationEvent", bytes(first)))
                .isNotEqualTo(key(first));
    }

    @Test
    void keysSortByTheTimeTheEventWasCreatedWhateverItsOffset() throws Exception {
        String earlier = key(archetype("short_sleeper", "2026-11-23T23:59:59.999999+12:00"));
        String later = key(archetype("long_sleeper", "2026-11-23T12:00:00.000001Z"));
        String latest = key("{\"externalId\":\"p\",\"receivedAtUtc\":\"2026-11-23T12:00:01+00:00\"}");

        assertThat(earlier).isLessThan(later);
        assertThat(later).isLessThan(latest);
    }

    @Test
    void theKeyEndsWithTheSha256OfTypeAndBytesAndStartsAt1970WithoutATime() throws Exception {
        String body = "{\"externalId\":\"p\",\"createdAtUtc\":\"not a time\"}";
        String key = key(body);

        assertThat(key).startsWith("0000000000000000");
        assertThat(key.substring(16)).isEqualTo(HexFormat.of().formatHex(
                Hashing.sha256((ARCHETYPE + "\n" + body).getBytes(StandardCharsets.UTF_8))));
    }

    private String key(String body) throws Exception {
        return ReceiptKey.of(mapper.readTree(body), ARCHETYPE, bytes(body));
    }

    private static String archetype(String value, String createdAt) {
        return "{\"id\":\"d2aa3724\",\"externalId\":\"p\",\"name\":\"sleep_duration\",\"value\":\"" + value
                + "\",\"createdAtUtc\":\"" + createdAt + "\"}";
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
