package ai.sahha.bridge.destinations.declarative;

import java.util.Map;

/**
 * A destination whose calls are written in configuration ({@code bridge.destinations.<name>.declarative}): per call
 * (the person's attributes, then the event) its method, path and a JSONata mapping per record type (archetype,
 * score, biomarker, data-log) from what the bridge knows of the record to the request body (see
 * {@link DeclarativeTranslator}); the {@code style} of the standard attribute names (snake-iso, snake-unix,
 * camel-iso); headers (JSONata over the credentials); the largest call the vendor takes; its bulk call; how to read
 * a refusal inside a success (JSONata over the answer's {@code status} and {@code body}, giving {@code code},
 * {@code detail} and {@code retryable}, or nothing when the call went through); {@code standard-webhooks} signing
 * with the credential {@code secret}; and how the vendor erases a person: its {@code erasure} call (a body named
 * {@code person}, over {@code recipient} and {@code requestKey}), or else what the operator does
 * ({@code manual-erasure}).
 */
public record DeclarativeSettings(String style, Map<String, String> headers, int maxCallBytes, Call attributes,
                                  Call event, BulkCall bulk, String refusal, String signing, Call erasure,
                                  String manualErasure) {

    public DeclarativeSettings {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** One kind of call: method, path (may name the person as {@code {recipient}}), a body per record type. */
    public record Call(String method, String path, Map<String, String> body) {

        public Call {
            body = body == null ? Map.of() : Map.copyOf(body);
        }
    }

    /**
     * The vendor's bulk call: where it goes, the JSON around the elements (the string {@code "$elements"} marks
     * where the array of them goes), how each single call's body becomes an element (JSONata over the body, with
     * {@code $call} the call's kind), and how many and how large.
     */
    public record BulkCall(String path, String envelope, String element, int maxElements, int maxBytes) {
    }
}
