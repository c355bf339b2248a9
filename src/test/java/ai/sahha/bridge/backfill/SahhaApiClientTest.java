package ai.sahha.bridge.backfill;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import ai.sahha.bridge.support.MovableClock;
import ai.sahha.bridge.support.SahhaApiStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

class SahhaApiClientTest {

    private static final SahhaApiStandIn SAHHA = new SahhaApiStandIn();
    private static final Instant START = Instant.parse("2026-11-23T00:00:00Z");

    private final MovableClock clock = new MovableClock(START);

    @BeforeEach
    void reset() {
        SAHHA.reset();
        SAHHA.archetypes("p", List.of(SahhaApiStandIn.archetype("short_sleeper", "2025-07-07")));
    }

    @AfterAll
    static void stop() {
        SAHHA.close();
    }

    @Test
    void theTokenIsCachedAndRenewedFiveMinutesBeforeItExpiresWhetherExpiresInIsAStringOrANumber() {
        SAHHA.server().stubFor(post(urlPathEqualTo("/api/v1/oauth/account/token")).willReturn(
                okJson("{\"accountToken\":\"" + SahhaApiStandIn.TOKEN + "\",\"expiresIn\":86400}")));
        SahhaApiClient client = client();

        client.archetypes("p", START.minus(Duration.ofDays(30)), START);
        clock.now = START.plus(Duration.ofHours(23).plusMinutes(54));
        client.archetypes("p", START.minus(Duration.ofDays(30)), START);
        assertThat(SAHHA.tokenRequests()).isEqualTo(1);

        clock.now = START.plus(Duration.ofHours(23).plusMinutes(56));
        assertThat(client.archetypes("p", START.minus(Duration.ofDays(30)), START)).hasSize(1);
        assertThat(SAHHA.tokenRequests()).isEqualTo(2);
    }

    @Test
    void requestsAreThrottledToTheConfiguredRate() {
        SahhaApiClient fiveASecond = new SahhaApiClient(new ObjectMapper(), SAHHA.baseUrl(), "client", "secret", 5, 3,
                Duration.ofMillis(10), clock);
        long started = System.nanoTime();
        for (int i = 0; i < 5; i++) { // with the token request, six calls: at least a second
            fiveASecond.archetypes("p", START.minusSeconds(60), START);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void wrongCredentialsSayWhatToCheckAndNeverTheSecret() {
        SAHHA.server().resetMappings();
        SAHHA.server().stubFor(post(urlPathEqualTo("/api/v1/oauth/account/token"))
                .willReturn(aResponse().withStatus(401)));
        assertThatThrownBy(() -> client().archetypes("p", START.minusSeconds(60), START))
                .isInstanceOf(SahhaApiException.class).hasMessageContaining("SAHHA_CLIENT_ID")
                .hasMessageNotContaining("secret\"");
        assertThatThrownBy(() -> new SahhaApiClient(new ObjectMapper(), SAHHA.baseUrl(), "", "", 5, 3,
                Duration.ofMillis(10), clock)).hasMessageContaining("SAHHA_CLIENT_SECRET");
    }

    private SahhaApiClient client() {
        return new SahhaApiClient(new ObjectMapper(), SAHHA.baseUrl(), "client", "secret", 100, 3,
                Duration.ofMillis(10), clock);
    }
}
