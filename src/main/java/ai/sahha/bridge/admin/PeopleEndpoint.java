package ai.sahha.bridge.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.AuditLog;
import ai.sahha.bridge.privacy.ErasureRequests;
import ai.sahha.bridge.privacy.Erasures;
import ai.sahha.bridge.privacy.PersonRecords;
import ai.sahha.bridge.privacy.Suppressions;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Finding and forgetting a person, on the management port. Identifiers travel in the body, never in a URL:
 * {@code POST /actuator/people} with {@code {"action":"find","externalId":".."}} (or {@code "email"}) shows what the
 * bridge holds and sent about them; {@code "forget"} deletes it here and asks every destination to erase them;
 * {@code "lift"} lifts their suppression. {@code GET /actuator/people} lists the latest requests (by person tag) and
 * how each destination stands. Every action is audited; all of them are the operator's.
 */
@Component
@Endpoint(id = "people")
public class PeopleEndpoint {

    private final PersonRecords records;
    private final ErasureRequests requests;
    private final Erasures erasures;
    private final Suppressions suppressions;

    public PeopleEndpoint(PersonRecords records, ErasureRequests requests, Erasures erasures,
                          Suppressions suppressions) {
        this.records = records;
        this.requests = requests;
        this.erasures = erasures;
        this.suppressions = suppressions;
    }

    @ReadOperation
    public Map<String, Object> erasureRequests(@Nullable Integer limit) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("open", requests.open());
        answer.put("suppressed", suppressions.count());
        answer.put("requests", requests.recent(limit == null ? 50 : Math.min(limit, 1000)));
        return answer;
    }

    @WriteOperation
    public WebEndpointResponse<Object> act(String action, @Nullable String externalId, @Nullable String email) {
        if (externalId != null && externalId.isBlank() || externalId != null && externalId.length() > 255) {
            return error("externalId must be 1 to 255 characters");
        }
        switch (action) {
            case "find" -> {
                return find(externalId, email);
            }
            case "forget" -> {
                if (externalId == null) {
                    return error("forget needs the externalId");
                }
                long id = erasures.forget(externalId, who());
                return new WebEndpointResponse<>(requests.find(id), 202);
            }
            case "lift" -> {
                if (externalId == null) {
                    return error("lift needs the externalId");
                }
                boolean lifted = erasures.lift(externalId, who());
                AuditLog.record("lift a suppression", lifted ? "lifted" : "was not suppressed", lifted ? 1 : 0);
                return new WebEndpointResponse<>(Map.of("lifted", lifted, "requests",
                        requests.about(externalId)), lifted ? 202 : 404);
            }
            default -> {
                return error("action must be find, forget or lift");
            }
        }
    }

    private WebEndpointResponse<Object> find(String externalId, String email) {
        List<String> people = externalId != null ? List.of(externalId)
                : email != null && !email.isBlank() ? records.byEmail(email) : null;
        if (people == null) {
            return error("find needs the externalId or an email");
        }
        List<PersonRecords.Person> found = people.stream().map(records::find).toList();
        AuditLog.record("find a person", externalId != null ? "by externalId" : "by email", found.size());
        return new WebEndpointResponse<>(Map.of("people", found));
    }

    private static WebEndpointResponse<Object> error(String message) {
        return new WebEndpointResponse<>(Map.of("error", message), 400);
    }

    static String who() {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        return who == null ? "unknown" : who.getName();
    }
}
