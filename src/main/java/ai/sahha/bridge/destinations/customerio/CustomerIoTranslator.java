package ai.sahha.bridge.destinations.customerio;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.delivery.ContentIds;
import ai.sahha.bridge.delivery.UndeliverableEventException;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.destinations.Archetype;
import ai.sahha.bridge.destinations.ArchetypeTranslator;
import ai.sahha.bridge.destinations.Fields;
import ai.sahha.bridge.destinations.Sync;
import ai.sahha.bridge.identity.Recipient;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Maps an archetype to Customer.io's Track API as the Customer.io tutorial does: {@code PUT
 * /api/v1/customers/{identifier}} with {@code sahha_archetype_{periodicity}_{name}} attributes and
 * {@code _timestamp} (createdAtUtc, so Customer.io too orders the updates), then {@code POST .../events}
 * {@code sahha_archetype_assigned} with a content-derived ULID {@code id} so a retry is not counted twice. The
 * person is addressed only by the percent-encoded path, never by {@code id}/{@code email} in the body.
 */
public class CustomerIoTranslator implements ArchetypeTranslator {

    private final ObjectMapper mapper;
    private final CustomerIoRegion region;
    private final Map<String, String> auth;
    private final boolean updateOnly;
    private final String attributeKey;
    private final String eventName;

    public CustomerIoTranslator(ObjectMapper mapper, CustomerIoRegion region, String siteId, String apiKey,
                                boolean updateOnly, String attributeKey, String eventName) {
        this.mapper = mapper;
        this.region = region;
        this.auth = Map.of("Authorization", basicAuth(siteId, apiKey));
        this.updateOnly = updateOnly;
        this.attributeKey = attributeKey;
        this.eventName = eventName;
    }

    @Override
    public String baseUrl() {
        return region.baseUrl();
    }

    @Override
    public List<VendorRequest> translate(Archetype archetype, Recipient recipient, Sync sync) {
        if (recipient.kind() == Recipient.Kind.PHONE) {
            throw new UndeliverableEventException("Customer.io does not address people by phone number in the path");
        }
        long created = archetype.createdAt().getEpochSecond();
        String prefix = archetype.key(attributeKey);
        String person = "/api/v1/customers/" + pathSegment(recipient.value());
        List<VendorRequest> requests = new ArrayList<>();

        if (sync.attributes()) {
            Fields attributes = new Fields().with(prefix, archetype.value())
                    .withOptional(prefix + "_ordinality", archetype.ordinality())
                    .withOptional(prefix + "_window_start_ts", epochSeconds(archetype.startDateTime()))
                    .withOptional(prefix + "_window_end_ts", epochSeconds(archetype.endDateTime()))
                    .with(prefix + "_created_ts", created)
                    .with("sahha_archetype_last_updated_ts", created)
                    .with("_timestamp", created)
                    .withOptional("_update", updateOnly ? true : null);
            requests.add(VendorRequest.json(mapper, "PUT", person, attributes, auth));
        }

        if (sync.event()) {
            Fields data = new Fields().with("sahha_record_id", archetype.id())
                    .with("archetype_name", archetype.name())
                    .with("archetype_value", archetype.value())
                    .with("archetype_periodicity", archetype.periodicity())
                    .withOptional("archetype_data_type", archetype.dataType())
                    .withOptional("archetype_ordinality", archetype.ordinality())
                    .withOptional("window_start", archetype.startDateTime())
                    .withOptional("window_end", archetype.endDateTime())
                    .with("created_at_utc", archetype.createdAtUtc());
            Fields event = new Fields().with("name", eventName)
                    .with("id", ContentIds.ulid(archetype.createdAt(), archetype.content()))
                    .with("type", "event")
                    .with("timestamp", created)
                    .with("data", data);
            requests.add(VendorRequest.json(mapper, "POST", person + "/events", event, auth));
        }
        return requests;
    }

    /** Track API authentication: HTTP Basic with the site id as user and the API key as password. */
    static String basicAuth(String siteId, String apiKey) {
        return "Basic " + Base64.getEncoder().encodeToString((siteId + ":" + apiKey).getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 3986 path-segment encoding: UTF-8 percent-encoded, space as %20 (never '+'). */
    static String pathSegment(String identifier) {
        return URLEncoder.encode(identifier, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Long epochSeconds(String dateTime) {
        return dateTime == null ? null : Archetype.instant(dateTime).getEpochSecond();
    }
}
