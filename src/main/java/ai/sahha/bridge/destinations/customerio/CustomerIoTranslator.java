package ai.sahha.bridge.destinations.customerio;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.delivery.ContentIds;
import ai.sahha.bridge.delivery.RecordTranslator;
import ai.sahha.bridge.delivery.Sync;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.destinations.Fields;
import ai.sahha.bridge.destinations.Mapping;
import ai.sahha.bridge.destinations.RecordFields;
import ai.sahha.bridge.identity.Recipient;
import ai.sahha.bridge.records.Archetype;
import ai.sahha.bridge.records.SahhaRecord;
import ai.sahha.bridge.records.SahhaRecords;
import ai.sahha.bridge.records.UndeliverableEventException;
import tools.jackson.databind.ObjectMapper;

/**
 * Maps Sahha records to Customer.io's Track API as the Customer.io tutorial does for archetypes: {@code PUT
 * /api/v1/customers/{identifier}} with {@code sahha_archetype_{periodicity}_{name}} attributes and
 * {@code _timestamp} (so Customer.io too orders the updates), then {@code POST .../events}
 * {@code sahha_archetype_assigned} with a content-derived ULID {@code id} so a retry is not counted twice. Scores
 * and biomarkers follow the same style (Unix-second {@code _ts} times). The person is addressed only by the
 * percent-encoded path, never by {@code id}/{@code email} in the body.
 */
public class CustomerIoTranslator implements RecordTranslator {

    private final ObjectMapper mapper;
    private final CustomerIoRegion region;
    private final Map<String, String> auth;
    private final boolean updateOnly;
    private final Mapping mapping;

    public CustomerIoTranslator(ObjectMapper mapper, CustomerIoRegion region, String siteId, String apiKey,
                                boolean updateOnly, Mapping mapping) {
        this.mapper = mapper;
        this.region = region;
        this.auth = Map.of("Authorization", basicAuth(siteId, apiKey));
        this.updateOnly = updateOnly;
        this.mapping = mapping;
    }

    @Override
    public String baseUrl() {
        return region.baseUrl();
    }

    @Override
    public List<VendorRequest> translate(SahhaRecord record, Recipient recipient, Sync sync) {
        if (recipient.kind() == Recipient.Kind.PHONE) {
            throw new UndeliverableEventException("Customer.io does not address people by phone number in the path");
        }
        if (recipient.value().chars().allMatch(c -> c == '.')) {
            // "." and ".." are path steps, not a person: the call would reach another of Customer.io's resources
            throw new UndeliverableEventException("Customer.io cannot address a person whose identifier is only dots");
        }
        long created = record.createdAt().getEpochSecond();
        String person = "/api/v1/customers/" + pathSegment(recipient.value());
        List<VendorRequest> requests = new ArrayList<>();
        if (sync.attributes()) {
            Fields attributes = RecordFields.attributes(record, mapping, RecordFields.Style.SNAKE_UNIX,
                            this::archetypeAttributes).with("_timestamp", created)
                    .withOptional("_update", updateOnly ? true : null);
            requests.add(VendorRequest.json(mapper, "PUT", person, attributes, auth));
        }
        if (sync.event()) {
            Fields event = new Fields().with("name", RecordFields.eventName(record, mapping))
                    .with("id", ContentIds.ulid(record.createdAt(), record.content()))
                    .with("type", "event")
                    .with("timestamp", created)
                    .with("data", RecordFields.event(record));
            requests.add(VendorRequest.json(mapper, "POST", person + "/events", event, auth));
        }
        return requests;
    }

    private Fields archetypeAttributes(Archetype archetype) {
        long created = archetype.createdAt().getEpochSecond();
        String prefix = archetype.key(mapping.attributeKey());
        return new Fields().with(prefix, archetype.value())
                .withOptional(prefix + "_ordinality", archetype.ordinality())
                .withOptional(prefix + "_window_start_ts", epochSeconds(archetype.startDateTime()))
                .withOptional(prefix + "_window_end_ts", epochSeconds(archetype.endDateTime()))
                .with(prefix + "_created_ts", created)
                .with("sahha_archetype_last_updated_ts", created);
    }

    /** Deleting a customer removes them and everything about them from Customer.io (a missing one answers 200). */
    @Override
    public VendorRequest erasure(Recipient recipient, String requestKey) {
        return new VendorRequest("DELETE", "/api/v1/customers/" + pathSegment(recipient.value()), null, auth);
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
        return dateTime == null ? null : SahhaRecords.instant(dateTime).getEpochSecond();
    }
}
