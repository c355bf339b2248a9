package ai.sahha.bridge.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import tools.jackson.databind.ObjectMapper;

/**
 * A local stand-in for the Sahha API: the account token (with {@code expiresIn} as a string), the paged profile
 * search counting pages from 0 or from 1, and each profile's archetypes (a list, {@code 200 []} or {@code 204}).
 * Every data call needs {@code Authorization: account <token>}.
 */
public final class SahhaApiStandIn implements AutoCloseable {

    public static final String TOKEN = "account-token-1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    public SahhaApiStandIn() {
        server.start();
        reset();
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public WireMockServer server() {
        return server;
    }

    public void reset() {
        server.resetAll();
        server.stubFor(post(urlPathEqualTo("/api/v1/oauth/account/token"))
                .withRequestBody(equalToJson("{\"clientId\":\"client\",\"clientSecret\":\"secret\"}"))
                .willReturn(okJson("{\"accountToken\":\"" + TOKEN + "\",\"expiresIn\":\"86400\",\"tokenType\":\"Account\"}")));
        server.stubFor(post(urlPathEqualTo("/api/v1/oauth/account/token")).atPriority(10)
                .willReturn(aResponse().withStatus(401)));
    }

    /** The account's profiles, {@code pageSize} a page, pages counted from {@code base} (0 or 1). */
    public void profiles(List<String> externalIds, List<String> sampleIds, int pageSize, int base) {
        List<Map<String, Object>> all = new ArrayList<>();
        externalIds.forEach(id -> all.add(Map.of("externalId", id, "isSampleProfile", false)));
        sampleIds.forEach(id -> all.add(Map.of("externalId", id, "isSampleProfile", true)));
        int totalPages = (all.size() + pageSize - 1) / pageSize;
        if (base == 1) { // a page 0 is nothing at all
            server.stubFor(search(0).willReturn(okJson(page(List.of(), 0, totalPages, all.size()))));
        }
        for (int i = 0; i < totalPages; i++) {
            server.stubFor(search(i + base).willReturn(okJson(page(
                    all.subList(i * pageSize, Math.min(all.size(), (i + 1) * pageSize)), i + base, totalPages,
                    all.size()))));
        }
    }

    /** The person's archetypes; an empty list answers {@code 200 []}, null answers {@code 204}. */
    public void archetypes(String externalId, List<Map<String, Object>> archetypes) {
        server.stubFor(get(urlPathEqualTo(archetypesPath(externalId))).withHeader("Authorization", equalTo("account " + TOKEN))
                .willReturn(archetypes == null ? aResponse().withStatus(204) : okJson(json(archetypes))));
    }

    /** The person's scores (any types asked for). */
    public void scores(String externalId, List<Map<String, Object>> scores) {
        server.stubFor(get(urlPathEqualTo("/api/v1/profile/score/" + externalId))
                .withHeader("Authorization", equalTo("account " + TOKEN)).willReturn(okJson(json(scores))));
    }

    /** A score as the API returns it. */
    public static Map<String, Object> score(double value, String state, String day) {
        return Map.of("id", "s-" + day, "type", "sleep", "state", state, "score", value, "factors", List.of(),
                "dataSources", List.of("sleep"), "scoreDateTime", day + "T00:00:00+12:00",
                "createdAtUtc", day + "T19:02:26+00:00", "version", 1);
    }

    /** The first archetype call for the person is throttled with a 429 and Retry-After. */
    public void throttleOnce(String externalId, List<Map<String, Object>> archetypes) {
        String scenario = "throttle-" + externalId;
        server.stubFor(get(urlPathEqualTo(archetypesPath(externalId))).atPriority(1).inScenario(scenario)
                .whenScenarioStateIs(STARTED).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
                .willSetStateTo("answered"));
        server.stubFor(get(urlPathEqualTo(archetypesPath(externalId))).atPriority(1).inScenario(scenario)
                .whenScenarioStateIs("answered").willReturn(okJson(json(archetypes))));
    }

    /** An archetype as the API returns it: no profile ids, no createdAtUtc. */
    public static Map<String, Object> archetype(String value, String weekStart) {
        String end = java.time.LocalDate.parse(weekStart).plusDays(6) + "T00:00:00+12:00";
        return Map.of("id", "a-" + weekStart, "name", "sleep_duration", "value", value, "dataType", "ordinal",
                "periodicity", "weekly", "startDateTime", weekStart + "T00:00:00+12:00", "endDateTime", end,
                "ordinality", 1, "version", 1);
    }

    public int tokenRequests() {
        return server.findAll(postRequestedFor(urlPathEqualTo("/api/v1/oauth/account/token"))).size();
    }

    public int archetypeRequests(String externalId) {
        return server.findAll(getRequestedFor(urlPathEqualTo(archetypesPath(externalId)))).size();
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder search(int page) {
        return get(urlPathMatching("/api/v1/account/profile/search"))
                .withQueryParam("currentPage", equalTo(String.valueOf(page)))
                .withHeader("Authorization", equalTo("account " + TOKEN));
    }

    private static String archetypesPath(String externalId) {
        return "/api/v1/profile/archetypes/" + URLEncoder.encode(externalId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String page(List<Map<String, Object>> items, int currentPage, int totalPages, int totalCount) {
        return json(Map.of("items", items, "currentPage", currentPage, "totalPages", totalPages, "pageSize",
                items.size(), "totalCount", totalCount));
    }

    private static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
