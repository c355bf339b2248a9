package ai.sahha.bridge.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** A local HTTP server standing in for Customer.io that is either down (503) or up (200). */
public final class CustomerIoStandIn implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    public CustomerIoStandIn() {
        server.start();
    }

    public WireMockServer server() {
        return server;
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

    /** The people whose archetype event reached the stand-in, one by one (v1) or in batches (v2). */
    public Set<String> peopleWithEvents() {
        return events().stream().map(Event::person).collect(Collectors.toSet());
    }

    /**
     * Each person's event ids as they reached the stand-in: more than one id for a person means an event delivered
     * twice that Customer.io could not tell was the same.
     */
    public Map<String, Set<String>> eventIdsByPerson() {
        return events().stream().collect(Collectors.groupingBy(Event::person,
                Collectors.mapping(Event::id, Collectors.toSet())));
    }

    /** Every event that reached the stand-in, each time it came. */
    public List<Event> events() {
        List<Event> events = new ArrayList<>();
        for (LoggedRequest request : server.findAll(postRequestedFor(urlMatching("/api/v1/customers/.*/events")))) {
            String person = URLDecoder.decode(request.getUrl().replaceAll("^/api/v1/customers/(.*)/events$", "$1"),
                    StandardCharsets.UTF_8);
            events.add(new Event(person, MAPPER.readTree(request.getBodyAsString()).path("id").asString()));
        }
        for (LoggedRequest request : server.findAll(postRequestedFor(urlEqualTo("/api/v2/batch")))) {
            for (JsonNode operation : MAPPER.readTree(request.getBodyAsString()).path("batch")) {
                if ("event".equals(operation.path("action").asString())) {
                    events.add(new Event(operation.path("identifiers").path("id").asString(),
                            operation.path("id").asString()));
                }
            }
        }
        return events;
    }

    public record Event(String person, String id) {
    }

    @Override
    public void close() {
        server.stop();
    }
}
