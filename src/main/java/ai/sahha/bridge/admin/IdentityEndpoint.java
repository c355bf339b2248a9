package ai.sahha.bridge.admin;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.AuditLog;
import ai.sahha.bridge.identity.IdentityMappings;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * The identity table on the management port: {@code POST /actuator/identities} with {@code {"csv":"external_id,
 * email,phone\n..."}} or one mapping {@code {"externalId":..,"email":..,"phone":..}} adds or replaces mappings
 * and puts the deliveries parked for those people back in line; {@code GET} tells how many mappings there are
 * (the mappings themselves are personal data and are not listed).
 */
@Component
@Endpoint(id = "identities")
public class IdentityEndpoint {

    private final IdentityMappings mappings;

    public IdentityEndpoint(IdentityMappings mappings) {
        this.mappings = mappings;
    }

    @ReadOperation
    public Map<String, Object> count() {
        return Map.of("mappings", mappings.count());
    }

    @WriteOperation
    public WebEndpointResponse<Object> save(@Nullable String csv, @Nullable String externalId,
                                            @Nullable String email, @Nullable String phone) {
        List<IdentityMappings.Mapping> parsed;
        try {
            if (csv != null) {
                parsed = IdentityMappings.parseCsv(new StringReader(csv));
            } else if (externalId != null && !externalId.isBlank() && (email != null || phone != null)) {
                parsed = List.of(new IdentityMappings.Mapping(externalId.strip(), email, phone));
            } else {
                throw new IllegalArgumentException("give csv, or externalId with email and/or phone");
            }
        } catch (IllegalArgumentException | IOException e) {
            return new WebEndpointResponse<>(Map.of("error", e.getMessage()), 400);
        }
        int unparked = mappings.save(parsed);
        AuditLog.record("save identity mappings", parsed.size() + " mapping(s), " + unparked + " delivery(ies) unparked",
                parsed.size());
        return new WebEndpointResponse<>(Map.of("saved", parsed.size(), "unparked", unparked));
    }
}
