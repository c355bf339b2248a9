package ai.sahha.bridge.delivery;

import java.util.List;

import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.identity.Recipient;
import ai.sahha.bridge.records.SahhaRecord;

/** One vendor's mapping of Sahha records to its API: the calls to make, in order. */
public interface RecordTranslator {

    /** The vendor API's base URL, without a trailing slash; request paths are relative to it. */
    String baseUrl();

    /** A configured base URL or bare host name as a URL: https:// when no scheme is given, no trailing slash. */
    static String normalizeBaseUrl(String configured) {
        String url = configured.strip();
        if (!url.contains("://")) {
            url = "https://" + url;
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The calls for {@code sync}: attributes, event, both or (an empty list) none. */
    List<VendorRequest> translate(SahhaRecord record, Recipient recipient, Sync sync);

    /**
     * The call that asks the vendor to erase everything it holds about a person, or null when its API has none for
     * this kind of identifier; then {@link #manualErasure()} says what the operator does instead. {@code requestKey}
     * names the erasure request, for a vendor that takes an idempotency key.
     */
    default VendorRequest erasure(Recipient recipient, String requestKey) {
        return null;
    }

    /** What the operator does, in the vendor's own tools, to erase a person when there is no call for it. */
    default String manualErasure() {
        return "this destination has no erasure call: erase the person in the vendor's own privacy tools";
    }

    /** The call that lets the vendor take a forgotten person's data again, when it refuses them until then. */
    default VendorRequest unerasure(Recipient recipient) {
        return null;
    }
}
