package ai.sahha.bridge.delivery;

import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** One HTTP call a translator wants made to a vendor: method, path below the destination's base URL, JSON body. */
public record VendorRequest(String method, String path, String body, Map<String, String> headers) {

    public static VendorRequest json(ObjectMapper mapper, String method, String path, Object body,
                                     Map<String, String> headers) {
        try {
            return new VendorRequest(method, path, mapper.writeValueAsString(body), headers);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body as a JSON object, for reshaping into a bulk element. */
    public ObjectNode jsonBody(ObjectMapper mapper) {
        try {
            return (ObjectNode) mapper.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }
}
