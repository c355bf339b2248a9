package ai.sahha.bridge.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One local HTTP server standing in for all five vendors (their paths do not overlap), answering as each vendor
 * does when all is well. mParticle's base URL is {@code baseUrl()/v2}.
 */
public final class VendorStandIn implements AutoCloseable {

    public static final String CIO = "/api/v1/customers/";
    public static final String SEGMENT_IDENTIFY = "/v1/identify";
    public static final String SEGMENT_TRACK = "/v1/track";
    public static final String ITERABLE_UPDATE = "/api/users/update";
    public static final String ITERABLE_TRACK = "/api/events/track";
    public static final String KLAVIYO_PROFILE = "/api/profile-import";
    public static final String KLAVIYO_EVENT = "/api/events";
    public static final String MPARTICLE_EVENTS = "/v2/events";

    public static final List<String> DESTINATIONS = List.of("customerio", "segment", "iterable", "klaviyo",
            "mparticle");

    private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    public VendorStandIn() {
        server.start();
        healthy();
    }

    public WireMockServer server() {
        return server;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** Points every destination at this stand-in. */
    public void baseUrls(DynamicPropertyRegistry registry) {
        for (String destination : DESTINATIONS) {
            registry.add("bridge.destinations." + destination + ".base-url",
                    () -> baseUrl() + ("mparticle".equals(destination) ? "/v2" : ""));
        }
    }

    /** Every vendor answers as it does on success. */
    public void healthy() {
        server.resetMappings();
        server.resetScenarios();
        server.stubFor(any(urlPathMatching("/api/v1/customers/.*")).willReturn(okJson("{}")));
        server.stubFor(post(urlPathMatching("/v1/(identify|track)")).willReturn(okJson("{\"success\":true}")));
        server.stubFor(post(urlPathMatching("/api/(users/update|events/track)"))
                .willReturn(okJson("{\"code\":\"Success\",\"msg\":\"\"}")));
        server.stubFor(post(urlEqualTo(KLAVIYO_PROFILE)).willReturn(okJson("{\"data\":{}}")));
        server.stubFor(post(urlEqualTo(KLAVIYO_EVENT)).willReturn(aResponse().withStatus(202)));
        server.stubFor(post(urlEqualTo(MPARTICLE_EVENTS)).willReturn(aResponse().withStatus(202)));
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(404)));
    }

    /** The calls to a path (a prefix for Customer.io) whose decoded URL or body mentions {@code needle}. */
    public List<LoggedRequest> calls(String method, String path, String needle) {
        return server.findAll(anyRequestedFor(anyUrl())).stream()
                .filter(r -> r.getMethod().getName().equals(method))
                .filter(r -> path.equals(CIO) ? r.getUrl().startsWith(CIO) && !r.getUrl().endsWith("/events")
                        : path.equals(CIO + "events") ? r.getUrl().startsWith(CIO) && r.getUrl().endsWith("/events")
                        : r.getUrl().equals(path))
                .filter(r -> URLDecoder.decode(r.getUrl(), StandardCharsets.UTF_8).contains(needle)
                        || r.getBodyAsString().contains(needle))
                .toList();
    }

    @Override
    public void close() {
        server.stop();
    }
}
