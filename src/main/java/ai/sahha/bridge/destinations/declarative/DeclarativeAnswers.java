package ai.sahha.bridge.destinations.declarative;

import java.util.Map;

import ai.sahha.bridge.delivery.VendorAnswers;
import ai.sahha.bridge.delivery.VendorRejectedException;
import com.dashjoin.jsonata.Jsonata;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a refusal inside a success answer, for a declarative destination that says how
 * ({@code declarative.refusal}): a JSONata expression over {@code status} and {@code body} (the answer, as JSON
 * when it is JSON) that gives nothing when the call went through, else {@code code}, {@code detail} and
 * {@code retryable} (true for throttling: retried like a 429).
 */
public class DeclarativeAnswers {

    private static final TypeReference<Object> ANY = new TypeReference<>() {
    };

    private final String destination;
    private final ObjectMapper mapper;
    private final Jsonata refusal;

    public DeclarativeAnswers(String destination, ObjectMapper mapper, String refusal) {
        this.destination = destination;
        this.mapper = mapper;
        this.refusal = DeclarativeTranslator.compile(refusal);
    }

    /** @throws VendorRejectedException when the answer says the call was refused */
    public void check(int status, String body) {
        Object parsed;
        try {
            parsed = body == null || body.isBlank() ? null : mapper.readValue(body, ANY);
        } catch (JacksonException notJson) {
            parsed = body;
        }
        Object verdict = refusal.evaluate(Map.of("status", status, "body", parsed == null ? "" : parsed),
                refusal.createFrame());
        if (verdict instanceof Map<?, ?> refused) {
            Object code = refused.get("code");
            Object detail = refused.get("detail");
            throw new VendorRejectedException(status, code == null ? null : code.toString(), destination
                    + " refused the call: " + VendorAnswers.excerpt(detail == null ? body : detail.toString()),
                    Boolean.TRUE.equals(refused.get("retryable")));
        }
    }
}
