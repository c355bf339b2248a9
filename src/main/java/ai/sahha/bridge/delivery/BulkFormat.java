package ai.sahha.bridge.delivery;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.identity.Recipient;
import ai.sahha.bridge.journal.DeliveryFailure;

/**
 * How one vendor's single calls (as its translator makes them) combine into its bulk calls: which bulk endpoint
 * takes each, how many fit in one call, and which elements the vendor refused inside a success answer.
 */
public interface BulkFormat {

    /** The bulk element that takes the place of one single call for one person. */
    BulkElement element(VendorRequest single, Recipient recipient);

    /** The bulk call carrying these elements, all for {@code endpoint}, in order. */
    VendorRequest call(String endpoint, List<BulkElement> elements);

    /** How much one call to {@code endpoint} may carry. */
    Limits limits(String endpoint);

    /**
     * The elements of a call the vendor refused although it answered with success, by position in the call. May
     * throw {@link VendorRejectedException} when the whole call was refused.
     */
    default Map<Integer, DeliveryFailure> refused(BulkCall call, int status, String body) {
        return Map.of();
    }

    /**
     * One element of a bulk call: its JSON (and its size in UTF-8, for the vendor's limits), the endpoint that
     * takes it, and its phase (every call of an earlier phase returns before a later phase starts, so a person's
     * attributes are in place before their event).
     */
    record BulkElement(String endpoint, int phase, String json, int bytes, Map<String, String> headers) {

        public static BulkElement of(String endpoint, int phase, String json, Map<String, String> headers) {
            return new BulkElement(endpoint, phase, json, json.getBytes(StandardCharsets.UTF_8).length, headers);
        }
    }

    /** The most elements, and the most bytes of elements (the envelope aside), one call may carry. */
    record Limits(int maxElements, int maxBytes) {
    }

    /**
     * A POST of the elements' JSON joined into one array, between {@code before} and {@code after}, with the
     * headers (authentication) of the single calls.
     */
    static VendorRequest post(String endpoint, String before, List<BulkElement> elements, String after) {
        StringBuilder body = new StringBuilder(before.length() + after.length() + elements.size() * 512).append(before);
        for (int i = 0; i < elements.size(); i++) {
            body.append(i == 0 ? "" : ",").append(elements.get(i).json());
        }
        return new VendorRequest("POST", endpoint, body.append(after).toString(), elements.get(0).headers());
    }
}
