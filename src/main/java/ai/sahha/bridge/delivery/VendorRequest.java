package ai.sahha.bridge.delivery;

import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One HTTP call a translator wants made to a vendor: method, path below the destination's base URL, JSON body, and
 * headers; a {@code signer} adds the headers that sign it when it is sent.
 */
public record VendorRequest(String method, String path, String body, Map<String, String> headers, Signer signer) {

    public VendorRequest(String method, String path, String body, Map<String, String> headers) {
        this(method, path, body, headers, null);
    }

    /** Signs a call just before it is sent: the headers to add. */
    public interface Signer {
        Map<String, String> sign(VendorRequest request);
    }

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
