package ai.sahha.bridge.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;

import java.util.Set;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/** A local HTTP server standing in for Customer.io that is either down (503) or up (200). */
public final class CustomerIoStandIn implements AutoCloseable {

    private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    public CustomerIoStandIn() {
        server.start();
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public void down() {
        server.resetMappings();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
    }

    public void up() {
        server.resetMappings();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
    }

    /** The people whose archetype event reached the stand-in, decoded from the request paths. */
    public Set<String> peopleWithEvents() {
        return server.findAll(postRequestedFor(urlMatching("/api/v1/customers/.*/events"))).stream()
                .filter(request -> request.getUrl().endsWith("/events"))
                .map(request -> request.getUrl().replaceAll("^/api/v1/customers/(.*)/events$", "$1"))
                .collect(Collectors.toSet());
    }

    @Override
    public void close() {
        server.stop();
    }
}
