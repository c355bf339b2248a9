package ai.sahha.bridge.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.AuditLog;
import ai.sahha.bridge.Times;
import ai.sahha.bridge.journal.DeadLetter;
import ai.sahha.bridge.journal.DeliveryStore;
import ai.sahha.bridge.journal.SetAsideFilter;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * Dead letters on the management port: {@code GET /actuator/deadletters?destination=&vendorStatus=&eventType=
 * &since=&until=&limit=} lists them ({@code vendorStatus} one of 4xx, 5xx, timeout; times are when they were set
 * aside); {@code POST /actuator/deadletters} with {@code {"id":N}}, or the same
 * filter fields, puts them back in line for delivery.
 */
@Component
@Endpoint(id = "deadletters")
public class DeadLetterEndpoint {

    private static final int DEFAULT_LIMIT = 100;

    private final DeliveryStore store;

    public DeadLetterEndpoint(DeliveryStore store) {
        this.store = store;
    }

    @ReadOperation
    public WebEndpointResponse<Object> list(@Nullable String destination, @Nullable String vendorStatus,
                                            @Nullable String eventType, @Nullable String since,
                                            @Nullable String until, @Nullable Integer limit) {
        try {
            SetAsideFilter filter = filter(destination, vendorStatus, eventType, since, until);
            List<DeadLetter> letters = store.deadLetters(filter,
                    limit == null ? DEFAULT_LIMIT : Math.max(1, Math.min(limit, 10_000)));
            return new WebEndpointResponse<>(letters);
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
    }

    @WriteOperation
    public WebEndpointResponse<Object> replay(@Nullable Long id, @Nullable String destination,
                                              @Nullable String vendorStatus, @Nullable String eventType,
                                              @Nullable String since, @Nullable String until) {
        if (id != null) {
            int replayed = replay(List.of(id));
            return replayed == 1 ? new WebEndpointResponse<>(Map.of("replayed", 1))
                    : new WebEndpointResponse<>(Map.of("error", "no dead letter with id " + id), 404);
        }
        try {
            SetAsideFilter filter = filter(destination, vendorStatus, eventType, since, until);
            if (filter.equals(SetAsideFilter.ANY)) {
                return badRequest("give an id, or a destination, vendorStatus, eventType, since and/or until");
            }
            return new WebEndpointResponse<>(Map.of("replayed", replay(filter)));
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
    }

    /** Replays these dead letters (the console's selection), audited. */
    public int replay(Collection<Long> ids) {
        int replayed = store.replay(ids);
        AuditLog.record(ids.size() == 1 ? "replay dead letter" : "replay dead letters", ids.size() == 1
                ? "id " + ids.iterator().next() : ids.size() + " selected", replayed);
        return replayed;
    }

    /** Replays every dead letter that matches, audited. */
    public int replay(SetAsideFilter filter) {
        int replayed = store.replay(filter);
        AuditLog.record("replay dead letters", describe(filter), replayed);
        return replayed;
    }

    /** The filter these fields give; IllegalArgumentException saying which field is wrong. */
    public static SetAsideFilter filter(@Nullable String destination, @Nullable String vendorStatus,
                                        @Nullable String eventType, @Nullable String since, @Nullable String until) {
        return new SetAsideFilter(blankToNull(destination), SetAsideFilter.VendorStatus.parse(vendorStatus),
                blankToNull(eventType), instant("since", since), instant("until", until));
    }

    /** A filter in words, for the audit log: never a person, only the filter's fields. */
    static String describe(SetAsideFilter filter) {
        return "destination " + orAny(filter.destination())
                + ", since " + (filter.since() == null ? "any time" : filter.since())
                + (filter.until() == null ? "" : ", until " + filter.until())
                + (filter.vendorStatus() == null ? "" : ", vendor status " + filter.vendorStatus().label())
                + (filter.eventType() == null ? "" : ", event type " + filter.eventType());
    }

    private static String orAny(String value) {
        return value == null ? "any" : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** An ISO-8601 instant, or a date (its start, UTC); null for null or blank. */
    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Times.dateOrInstant(value.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 instant or date");
        }
    }

    private static WebEndpointResponse<Object> badRequest(String message) {
        return new WebEndpointResponse<>(Map.of("error", message), 400);
    }
}
