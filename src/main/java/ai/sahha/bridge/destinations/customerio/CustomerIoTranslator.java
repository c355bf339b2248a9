package ai.sahha.bridge.destinations.customerio;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import ai.sahha.bridge.delivery.ContentIds;
import ai.sahha.bridge.delivery.UndeliverableEventException;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.journal.DeliveryJob;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Maps an archetype to Customer.io's Track API as the Customer.io tutorial does: {@code PUT
 * /api/v1/customers/{externalId}} with {@code sahha_archetype_{periodicity}_{name}} attributes and
 * {@code _timestamp} (createdAtUtc, so an older update never overwrites a newer one), then {@code POST
 * .../events} {@code sahha_archetype_assigned} with a content-derived ULID {@code id} so a retry is not counted
 * twice. The person is addressed only by the percent-encoded path, never by {@code id}/{@code email} in the body.
 */
public class CustomerIoTranslator implements Processor {

    static final String EVENT_NAME = "sahha_archetype_assigned";

    private final ObjectMapper mapper;
    private final Map<String, String> auth;
    private final boolean updateOnly;

    public CustomerIoTranslator(ObjectMapper mapper, String siteId, String apiKey, boolean updateOnly) {
        this.mapper = mapper;
        this.auth = Map.of("Authorization", basicAuth(siteId, apiKey));
        this.updateOnly = updateOnly;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setVariable("vendorRequests", translate(exchange.getVariable("job", DeliveryJob.class)));
    }

    public List<VendorRequest> translate(DeliveryJob job) {
        JsonNode archetype = parse(job.payload());
        String name = key(text(archetype, "name"));
        String periodicity = key(text(archetype, "periodicity"));
        String value = text(archetype, "value");
        long created = epochSeconds(text(archetype, "createdAtUtc"));
        String prefix = "sahha_archetype_" + periodicity + "_" + name;

        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(prefix, value);
        putIfPresent(attributes, prefix + "_ordinality", archetype.get("ordinality"), JsonNode::asLong);
        putIfPresent(attributes, prefix + "_window_start_ts", archetype.get("startDateTime"), n -> epochSeconds(n.asText()));
        putIfPresent(attributes, prefix + "_window_end_ts", archetype.get("endDateTime"), n -> epochSeconds(n.asText()));
        attributes.put(prefix + "_created_ts", created);
        attributes.put("sahha_archetype_last_updated_ts", created);
        attributes.put("_timestamp", created);
        if (updateOnly) {
            attributes.put("_update", true);
        }

        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sahha_record_id", text(archetype, "id"));
        data.put("archetype_name", text(archetype, "name"));
        data.put("archetype_value", value);
        data.put("archetype_periodicity", text(archetype, "periodicity"));
        putIfPresent(data, "archetype_data_type", archetype.get("dataType"), JsonNode::asText);
        putIfPresent(data, "archetype_ordinality", archetype.get("ordinality"), JsonNode::asLong);
        putIfPresent(data, "window_start", archetype.get("startDateTime"), JsonNode::asText);
        putIfPresent(data, "window_end", archetype.get("endDateTime"), JsonNode::asText);
        data.put("created_at_utc", text(archetype, "createdAtUtc"));

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("name", EVENT_NAME);
        event.put("id", ContentIds.ulid(Instant.ofEpochSecond(created), text(archetype, "id"),
                text(archetype, "createdAtUtc"), value));
        event.put("type", "event");
        event.put("timestamp", created);
        event.put("data", data);

        String person = "/api/v1/customers/" + pathSegment(job.externalId());
        return List.of(new VendorRequest("PUT", person, json(attributes), auth),
                new VendorRequest("POST", person + "/events", json(event), auth));
    }

    /** Track API authentication: HTTP Basic with the site id as user and the API key as password. */
    static String basicAuth(String siteId, String apiKey) {
        return "Basic " + Base64.getEncoder().encodeToString((siteId + ":" + apiKey).getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 3986 path-segment encoding: UTF-8 percent-encoded, space as %20 (never '+'). */
    static String pathSegment(String identifier) {
        return URLEncoder.encode(identifier, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode parse(String payload) {
        try {
            return mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new UndeliverableEventException("journaled payload is not JSON");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new UndeliverableEventException("archetype lacks " + field);
        }
        return value.asText();
    }

    private static <T> void putIfPresent(Map<String, Object> target, String key, JsonNode value,
                                         Function<JsonNode, T> convert) {
        if (value != null && !value.isNull()) {
            target.put(key, convert.apply(value));
        }
    }

    /** Attribute-key part: lower case, only [a-z0-9_]. */
    private static String key(String part) {
        return part.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    private static long epochSeconds(String dateTime) {
        return OffsetDateTime.parse(dateTime).toEpochSecond();
    }

    private String json(Object body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
