package ai.sahha.bridge.destinations.customerio;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * The Track API base URL of the Customer.io workspace: {@code CIO_BASE_URL} when set, otherwise the {@code url}
 * that {@code GET /api/v1/accounts/region} on the US host returns, asked once. Wrong credentials (401) stop the
 * start; when the lookup cannot be made, the US host is used with a warning, since Customer.io redirects EU accounts.
 */
public class CustomerIoRegion {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerIoRegion.class);

    private final String configuredBaseUrl;
    private final String lookupBaseUrl;
    private final String siteId;
    private final String apiKey;
    private final ObjectMapper mapper;
    private volatile String resolved;

    public CustomerIoRegion(String configuredBaseUrl, String lookupBaseUrl, String siteId, String apiKey,
                            ObjectMapper mapper) {
        this.configuredBaseUrl = configuredBaseUrl;
        this.lookupBaseUrl = lookupBaseUrl;
        this.siteId = siteId;
        this.apiKey = apiKey;
        this.mapper = mapper;
    }

    public synchronized String baseUrl() {
        if (resolved == null) {
            resolved = stripSlash(configuredBaseUrl != null && !configuredBaseUrl.isBlank()
                    ? configuredBaseUrl : lookUp());
        }
        return resolved;
    }

    private String lookUp() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(stripSlash(lookupBaseUrl) + "/api/v1/accounts/region"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", CustomerIoTranslator.basicAuth(siteId, apiKey))
                .GET().build();
        String problem = "no answer";
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 401) {
                    throw new IllegalStateException("Customer.io rejected CIO_SITE_ID/CIO_API_KEY (401 from the region"
                            + " lookup): check the credentials, or unset them to turn Customer.io off");
                }
                JsonNode url = response.statusCode() == 200 ? mapper.readTree(response.body()).get("url") : null;
                if (url != null && url.isString() && url.asString().startsWith("http")) {
                    LOG.info("Customer.io region lookup: using {}", url.asString());
                    return url.asString();
                }
                problem = "HTTP " + response.statusCode();
            } catch (IOException | JacksonException e) {
                problem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        LOG.warn("Customer.io region lookup failed ({}); using {}. Set CIO_BASE_URL to choose the region explicitly.",
                problem, lookupBaseUrl);
        return lookupBaseUrl;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
