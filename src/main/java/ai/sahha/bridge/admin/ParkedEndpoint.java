package ai.sahha.bridge.admin;

import java.util.Map;

import ai.sahha.bridge.AuditLog;
import ai.sahha.bridge.journal.DeliveryStore;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * Deliveries parked because the person's identity could not be resolved, on the management port:
 * {@code GET /actuator/parked?destination=&limit=} lists them (people as hashed tags, with the reason),
 * {@code POST /actuator/parked} with {@code {"destination":"klaviyo"}} (or {@code {}} for all) tries them again.
 */
@Component
@Endpoint(id = "parked")
public class ParkedEndpoint {

    private final DeliveryStore store;

    public ParkedEndpoint(DeliveryStore store) {
        this.store = store;
    }

    @ReadOperation
    public WebEndpointResponse<Object> list(@Nullable String destination, @Nullable Integer limit) {
        return new WebEndpointResponse<>(store.parked(destination, null,
                limit == null ? 100 : Math.max(1, Math.min(limit, 10_000))));
    }

    @WriteOperation
    public WebEndpointResponse<Object> retry(@Nullable String destination) {
        int unparked = store.unpark(destination);
        AuditLog.record("retry parked deliveries", "destination " + (destination == null ? "any" : destination),
                unparked);
        return new WebEndpointResponse<>(Map.of("unparked", unparked));
    }
}
