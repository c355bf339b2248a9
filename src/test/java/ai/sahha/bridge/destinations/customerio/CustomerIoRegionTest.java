package ai.sahha.bridge.destinations.customerio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import tools.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CustomerIoRegionTest {

    private final WireMockServer usHost = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    {
        usHost.start();
    }

    @AfterEach
    void stop() {
        usHost.stop();
    }

    @Test
    void asksTheUsHostOnceAndUsesTheUrlItReturns() {
        usHost.stubFor(get("/api/v1/accounts/region").withBasicAuth("site", "key").willReturn(
                okJson("{\"url\":\"https://track-eu.customer.io\",\"region\":\"eu\",\"environment_id\":1}")));
        CustomerIoRegion region = region(null);

        assertThat(region.baseUrl()).isEqualTo("https://track-eu.customer.io");
        assertThat(region.baseUrl()).isEqualTo("https://track-eu.customer.io");
        usHost.verify(1, getRequestedFor(urlEqualTo("/api/v1/accounts/region"))
                .withHeader("Authorization", equalTo("Basic c2l0ZTprZXk=")));
    }

    @Test
    void aConfiguredBaseUrlIsUsedWithoutAsking() {
        assertThat(region("https://track-eu.customer.io/").baseUrl()).isEqualTo("https://track-eu.customer.io");
        assertThat(usHost.getAllServeEvents()).isEmpty();
    }

    @Test
    void wrongCredentialsStopTheStartWithAnExplanation() {
        usHost.stubFor(get("/api/v1/accounts/region").willReturn(aResponse().withStatus(401)));
        assertThatThrownBy(() -> region(null).baseUrl()).hasMessageContaining("CIO_SITE_ID/CIO_API_KEY");
    }

    @Test
    void whenTheLookupFailsTheUsHostIsUsed() {
        usHost.stubFor(get("/api/v1/accounts/region").willReturn(aResponse().withStatus(503)));
        assertThat(region(null).baseUrl()).isEqualTo(usHost.baseUrl());
    }

    private CustomerIoRegion region(String configured) {
        return new CustomerIoRegion(configured, usHost.baseUrl(), "site", "key", new ObjectMapper());
    }
}
