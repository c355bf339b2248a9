package ai.sahha.bridge.destinations.iterable;

import ai.sahha.bridge.delivery.VendorAnswers;
import ai.sahha.bridge.delivery.VendorRejectedException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Iterable reports failures inside HTTP 200 bodies: anything but {@code "code":"Success"} is a rejection.
 * {@code RateLimitExceeded} is retried like a 429; every other code is permanent.
 */
public class IterableResponseCheck implements Processor {

    private final ObjectMapper mapper;

    public IterableResponseCheck(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String body = exchange.getMessage().getBody(String.class);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        JsonNode answer;
        try {
            answer = body == null || body.isBlank() ? null : mapper.readTree(body);
        } catch (Exception e) {
            answer = null;
        }
        String code = answer == null ? null : answer.path("code").asString(null);
        if ("Success".equals(code)) {
            return;
        }
        String detail = "Iterable answered " + status + " with code " + code + ": " + VendorAnswers.excerpt(body);
        throw new VendorRejectedException(status, code, detail, "RateLimitExceeded".equals(code));
    }
}
