package ai.sahha.bridge.delivery;

import java.util.Map;

/** One HTTP call a translator wants made to a vendor: method, path below the destination's base URL, JSON body. */
public record VendorRequest(String method, String path, String body, Map<String, String> headers) {
}
