package ai.sahha.bridge.backfill;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import ai.sahha.bridge.delivery.RetryAfter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The Sahha API as backfill needs it: an account token ({@code POST /api/v1/oauth/account/token}, cached and
 * renewed five minutes before it expires; {@code expiresIn} may be a number or a string), sent as
 * {@code Authorization: account <token>}; the account's profiles, page by page; a profile's archetypes and scores
 * over a time window. Requests are throttled to a configured rate; 429 (with Retry-After) and 5xx are retried with
 * backoff; a 401 renews the token once.
 */
public class SahhaApiClient {

    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final String baseUrl;
    private final String clientId;
    private final String clientSecret;
    private final long intervalNanos;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Clock clock;
    private String token;
    private Instant tokenRenewAt = Instant.MIN;
    private long nextRequestAt = System.nanoTime();

    public SahhaApiClient(ObjectMapper mapper, String baseUrl, String clientId, String clientSecret,
                          double requestsPerSecond, int maxAttempts, Duration initialBackoff, Clock clock) {
        if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
            throw new SahhaApiException("backfill needs the Sahha API credentials: set SAHHA_CLIENT_ID and"
                    + " SAHHA_CLIENT_SECRET");
        }
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.mapper = mapper;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.intervalNanos = (long) (1_000_000_000L / requestsPerSecond);
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.clock = clock;
    }

    /** One page of the account's profiles, as asked ({@code currentPage} as sent) and as answered. */
    public record ProfilePage(int currentPage, int totalPages, int totalCount, List<Profile> items) {
    }

    public record Profile(String externalId, boolean sample) {
    }

    public ProfilePage profiles(int page, int pageSize) {
        JsonNode answer = get("/api/v1/account/profile/search", Map.of("currentPage", List.of(String.valueOf(page)),
                "pageSize", List.of(String.valueOf(pageSize))));
        List<Profile> items = new ArrayList<>();
        if (answer != null) {
            for (JsonNode item : answer.path("items")) {
                if (item.hasNonNull("externalId")) {
                    items.add(new Profile(item.path("externalId").asString(""), item.path("isSampleProfile").asBoolean()));
                }
            }
        }
        return answer == null ? new ProfilePage(page, 0, 0, List.of())
                : new ProfilePage(answer.path("currentPage").asInt(page), answer.path("totalPages").asInt(0),
                answer.path("totalCount").asInt(items.size()), items);
    }

    /** The profile's archetypes in the window; empty for {@code 200 []} and {@code 204}. */
    public List<JsonNode> archetypes(String externalId, Instant since, Instant until) {
        return list(get("/api/v1/profile/archetypes/" + pathSegment(externalId), window(since, until)));
    }

    /** The profile's scores of the given types in the window. */
    public List<JsonNode> scores(String externalId, List<String> types, Instant since, Instant until) {
        Map<String, List<String>> query = new LinkedHashMap<>(window(since, until));
        query.put("types", types);
        return list(get("/api/v1/profile/score/" + pathSegment(externalId), query));
    }

    private static Map<String, List<String>> window(Instant since, Instant until) {
        return Map.of("startDateTime", List.of(since.toString()), "endDateTime", List.of(until.toString()));
    }

    private static List<JsonNode> list(JsonNode answer) {
        List<JsonNode> items = new ArrayList<>();
        if (answer != null && answer.isArray()) {
            answer.forEach(items::add);
        }
        return items;
    }

    /** GET with the account token; null for 204 and 404. */
    private JsonNode get(String path, Map<String, List<String>> query) {
        String url = baseUrl + path + "?" + query.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .flatMap(e -> e.getValue().stream().map(v -> e.getKey() + "=" + encode(v)))
                .collect(Collectors.joining("&"));
        Supplier<HttpRequest> request = () -> HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "account " + token()).header("Accept", "application/json").GET().build();
        HttpResponse<String> response = send(request, path);
        if (response.statusCode() == 401) { // the token was revoked or expired early: renew it once
            synchronized (this) {
                tokenRenewAt = Instant.MIN;
            }
            response = send(request, path);
        }
        int status = response.statusCode();
        if (status == 204 || status == 404) { // nothing there (a 404: the profile is gone)
            return null;
        }
        if (status != 200) {
            throw new SahhaApiException("Sahha API " + path.replaceAll("/[^/]+$", "/…") + " answered " + status);
        }
        return parse(response.body(), path);
    }

    private synchronized String token() {
        if (token != null && clock.instant().isBefore(tokenRenewAt)) {
            return token;
        }
        String body = mapper.createObjectNode().put("clientId", clientId).put("clientSecret", clientSecret).toString();
        HttpResponse<String> response = send(() -> HttpRequest.newBuilder(
                        URI.create(baseUrl + "/api/v1/oauth/account/token")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                "token");
        if (response.statusCode() != 200) {
            throw new SahhaApiException("Sahha refused the account token request (" + response.statusCode()
                    + "): check SAHHA_CLIENT_ID, SAHHA_CLIENT_SECRET and SAHHA_API_BASE_URL");
        }
        JsonNode answer = parse(response.body(), "token");
        String accountToken = answer.path("accountToken").asString(null);
        long expiresIn = answer.path("expiresIn").asLong(0); // "86400" or 86400
        if (accountToken == null || expiresIn <= 0) {
            throw new SahhaApiException("the Sahha token answer has no accountToken/expiresIn");
        }
        token = accountToken;
        tokenRenewAt = clock.instant().plusSeconds(expiresIn).minus(RENEW_BEFORE_EXPIRY);
        return token;
    }

    /**
     * Sends when the throttle allows it, again after connection errors, 429 (waiting its Retry-After) and 5xx, up
     * to the configured attempts; returns the last answer.
     */
    private HttpResponse<String> send(Supplier<HttpRequest> request, String what) {
        for (int attempt = 1; ; attempt++) {
            throttle();
            try {
                HttpResponse<String> response = http.send(request.get(), HttpResponse.BodyHandlers.ofString());
                boolean retryable = response.statusCode() == 429 || response.statusCode() >= 500;
                if (!retryable || attempt >= maxAttempts) {
                    return response;
                }
                pause(attempt, retryAfter(response));
            } catch (IOException e) {
                if (attempt >= maxAttempts) {
                    throw new SahhaApiException("cannot reach the Sahha API (" + what + "): " + e, e);
                }
                pause(attempt, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SahhaApiException("interrupted");
            }
        }
    }

    private void throttle() {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            nextRequestAt = Math.max(nextRequestAt, now);
            wait = nextRequestAt - now;
            nextRequestAt += intervalNanos;
        }
        sleep(wait / 1_000_000);
    }

    private void pause(int attempt, Long retryAfterMillis) {
        long backoff = Math.min(initialBackoff.toMillis() << Math.min(attempt - 1, 16), MAX_BACKOFF.toMillis());
        sleep(retryAfterMillis != null ? Math.min(retryAfterMillis, MAX_BACKOFF.toMillis())
                : backoff / 2 + (long) (Math.random() * backoff / 2));
    }

    private Long retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After")
                .map(value -> RetryAfter.millis(Map.of("Retry-After", value), clock)).orElse(null);
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SahhaApiException("interrupted");
        }
    }

    private JsonNode parse(String body, String what) {
        try {
            return body == null || body.isBlank() ? mapper.createArrayNode() : mapper.readTree(body);
        } catch (JacksonException e) {
            throw new SahhaApiException("the Sahha API answered " + what + " with something that is not JSON");
        }
    }

    private static String pathSegment(String value) {
        return encode(value).replace("+", "%20");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
