package ai.sahha.bridge.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.Times;
import ai.sahha.bridge.journal.DeadLetter;
import ai.sahha.bridge.journal.DeliveryStore;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * Dead letters on the management port: {@code GET /actuator/deadletters?destination=&since=&limit=} lists them,
 * {@code POST /actuator/deadletters} with {@code {"id":N}}, {@code {"destination":"customerio"}} and/or
 * {@code {"since":"2026-11-01T00:00:00Z"}} puts them back in line for delivery.
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
    public WebEndpointResponse<Object> list(@Nullable String destination, @Nullable String since,
                                            @Nullable Integer limit) {
        try {
            List<DeadLetter> letters = store.deadLetters(destination, instant(since),
                    limit == null ? DEFAULT_LIMIT : Math.max(1, Math.min(limit, 10_000)));
            return new WebEndpointResponse<>(letters);
        } catch (DateTimeParseException e) {
            return badRequest("since must be an ISO-8601 instant or date");
        }
    }

    @WriteOperation
    public WebEndpointResponse<Object> replay(@Nullable Long id, @Nullable String destination, @Nullable String since) {
        if (id != null) {
            boolean replayed = store.replay(id);
            AuditLog.record("replay dead letter", "id " + id, replayed ? 1 : 0);
            return replayed ? new WebEndpointResponse<>(Map.of("replayed", 1))
                    : new WebEndpointResponse<>(Map.of("error", "no dead letter with id " + id), 404);
        }
        if (destination == null && since == null) {
            return badRequest("give an id, a destination and/or a since time");
        }
        try {
            int replayed = store.replay(destination, instant(since));
            AuditLog.record("replay dead letters", "destination " + (destination == null ? "any" : destination)
                    + ", since " + (since == null ? "any time" : since), replayed);
            return new WebEndpointResponse<>(Map.of("replayed", replayed));
        } catch (DateTimeParseException e) {
            return badRequest("since must be an ISO-8601 instant or date");
        }
    }

    /** An ISO-8601 instant, or a date (its start, UTC); null for null or blank. */
    private static Instant instant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Times.dateOrInstant(value);
    }

    private static WebEndpointResponse<Object> badRequest(String message) {
        return new WebEndpointResponse<>(Map.of("error", message), 400);
    }
}
