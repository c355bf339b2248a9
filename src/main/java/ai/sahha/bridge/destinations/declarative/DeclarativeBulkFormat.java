package ai.sahha.bridge.destinations.declarative;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.delivery.BulkFormat;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.identity.Recipient;
import com.dashjoin.jsonata.Jsonata;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A declarative destination's bulk call ({@link DeclarativeSettings.BulkCall}): each single call's body made an
 * element by the {@code element} expression (with {@code $call}, "attributes" or "event"; none: the body as it
 * is), the elements joined into the {@code envelope} where it holds the string {@code "$elements"}. The envelope is
 * parsed when the bridge starts, so a call is always valid JSON. One phase: a person's elements travel in one call,
 * in order.
 */
public class DeclarativeBulkFormat implements BulkFormat {

    private static final String MARK = "\"$elements\"";
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final ObjectMapper mapper;
    private final DeclarativeTranslator translator;
    private final String path;
    private final String before;
    private final String after;
    private final Jsonata element;
    private final Limits limits;

    public DeclarativeBulkFormat(String destination, ObjectMapper mapper, DeclarativeTranslator translator,
                                 DeclarativeSettings.BulkCall settings) {
        this.mapper = mapper;
        this.translator = translator;
        this.path = settings.path();
        JsonNode envelope = mapper.readTree(settings.envelope());
        String compact = mapper.writeValueAsString(envelope);
        int mark = compact.indexOf(MARK);
        if (mark < 0 || compact.indexOf(MARK, mark + 1) >= 0) {
            throw new IllegalStateException("bridge.destinations." + destination + ".declarative.bulk.envelope must"
                    + " hold the string \"$elements\" once, where the array of elements goes");
        }
        this.before = compact.substring(0, mark) + "[";
        this.after = "]" + compact.substring(mark + MARK.length());
        this.element = settings.element() == null ? null : DeclarativeTranslator.compile(settings.element());
        this.limits = new Limits(settings.maxElements(), settings.maxBytes());
    }

    @Override
    public BulkElement element(VendorRequest single, Recipient recipient) {
        if (element == null) {
            return BulkElement.of(path, 0, single.body(), single.headers());
        }
        String call = single.path().equals(translator.path("attributes")) ? "attributes" : "event";
        Jsonata.Frame frame = element.createFrame();
        frame.bind("call", call);
        Object shaped = element.evaluate(mapper.readValue(single.body(), OBJECT), frame);
        return BulkElement.of(path, 0, mapper.writeValueAsString(shaped), single.headers());
    }

    @Override
    public VendorRequest call(String endpoint, List<BulkElement> elements) {
        VendorRequest joined = BulkFormat.post(endpoint, before, elements, after);
        return new VendorRequest(joined.method(), joined.path(), joined.body(), withoutId(joined.headers()),
                translator.signer());
    }

    @Override
    public Limits limits(String endpoint) {
        return limits;
    }

    /** A bulk call is not its first element: a signed one is named by its own content. */
    private static Map<String, String> withoutId(Map<String, String> headers) {
        if (!headers.containsKey(StandardWebhooksSigner.ID)) {
            return headers;
        }
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.remove(StandardWebhooksSigner.ID);
        return copy;
    }
}
