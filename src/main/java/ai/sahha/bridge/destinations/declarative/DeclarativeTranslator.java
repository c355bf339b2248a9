package ai.sahha.bridge.destinations.declarative;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.sahha.bridge.delivery.ContentIds;
import ai.sahha.bridge.delivery.RecordTranslator;
import ai.sahha.bridge.delivery.Sync;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.destinations.Fields;
import ai.sahha.bridge.destinations.Mapping;
import ai.sahha.bridge.destinations.RecordFields;
import ai.sahha.bridge.identity.Recipient;
import ai.sahha.bridge.records.Archetype;
import ai.sahha.bridge.records.Biomarker;
import ai.sahha.bridge.records.DataLog;
import ai.sahha.bridge.records.SahhaRecord;
import ai.sahha.bridge.records.Score;
import ai.sahha.bridge.records.UndeliverableEventException;
import com.dashjoin.jsonata.Jsonata;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * A declarative destination's calls, made from its configuration ({@link DeclarativeSettings}). For each call kind
 * (the attributes, then the event) whose mapping has an expression for the record's type, the JSONata expression
 * turns this input into the request body:
 * <ul>
 * <li>{@code record}: the Sahha record's fields as Sahha sent them; {@code type}: archetype, score, biomarker or
 * data-log;</li>
 * <li>{@code recipient}: {@code kind} (id, email, phone) and {@code value}, as the identity strategy resolved it;</li>
 * <li>{@code key} and {@code eventName}: the attribute key and event name from the destination's {@code mapping}
 * patterns; {@code attributes}: the record's standard attributes in the destination's {@code style};
 * {@code properties}: the standard event properties; {@code createdAt}: the record's time as an instant;</li>
 * <li>functions {@code $dedupeKey(qualifier)} and {@code $uuid(qualifier)}: keys derived from the record's content
 * (a retry repeats them, an update that re-uses the Sahha id changes them), and {@code $base64(text)}.</li>
 * </ul>
 * An expression that gives nothing makes no call. The path may name the person as {@code {recipient}}.
 */
public class DeclarativeTranslator implements RecordTranslator {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final String destination;
    private final ObjectMapper mapper;
    private final String baseUrl;
    private final Mapping mapping;
    private final RecordFields.Style style;
    private final Map<String, String> headers;
    private final int maxCallBytes;
    private final CallMapping attributes;
    private final CallMapping event;
    private final CallMapping erasure;
    private final String manualErasure;
    private final VendorRequest.Signer signer;

    public DeclarativeTranslator(String destination, ObjectMapper mapper, String baseUrl,
                                 Map<String, String> credentials, Mapping mapping, DeclarativeSettings settings) {
        this.destination = destination;
        this.mapper = mapper;
        this.baseUrl = RecordTranslator.normalizeBaseUrl(baseUrl);
        this.mapping = mapping;
        this.style = settings.style() == null ? RecordFields.Style.SNAKE_ISO
                : RecordFields.Style.valueOf(settings.style().toUpperCase(Locale.ROOT).replace('-', '_'));
        this.headers = headers(settings.headers(), credentials);
        this.maxCallBytes = settings.maxCallBytes();
        this.attributes = CallMapping.of(destination, "attributes", settings.attributes());
        this.event = CallMapping.of(destination, "event", settings.event());
        this.erasure = CallMapping.of(destination, "erasure", settings.erasure());
        this.manualErasure = settings.manualErasure();
        this.signer = "standard-webhooks".equals(settings.signing())
                ? new StandardWebhooksSigner(credentials.get("secret")) : null;
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    /** What signs this destination's calls when they are sent, or null. */
    VendorRequest.Signer signer() {
        return signer;
    }

    /** The path of a call kind ("attributes" or "event"), or null when the destination makes no such call. */
    String path(String call) {
        CallMapping calls = "attributes".equals(call) ? attributes : event;
        return calls == null ? null : calls.path();
    }

    @Override
    public List<VendorRequest> translate(SahhaRecord record, Recipient recipient, Sync sync) {
        String type = type(record);
        List<VendorRequest> requests = new ArrayList<>();
        Map<String, Object> input = null;
        for (CallMapping call : new CallMapping[] {sync.attributes() ? attributes : null, sync.event() ? event : null}) {
            Jsonata body = call == null ? null : call.body(type);
            if (body == null) {
                continue;
            }
            if (input == null) {
                input = input(record, recipient, type);
            }
            Object result = evaluate(body, input, record, call.kind());
            if (result == null) {
                continue;
            }
            requests.add(request(call, record, recipient, result));
        }
        return requests;
    }

    @Override
    public VendorRequest erasure(Recipient recipient, String requestKey) {
        if (erasure == null) {
            return null;
        }
        Jsonata body = erasure.body("person");
        Object result = body == null ? null : body.evaluate(Map.of("recipient", recipient(recipient),
                "requestKey", requestKey), body.createFrame());
        return call(erasure, recipient, result == null ? null : mapper.writeValueAsString(result), requestKey);
    }

    @Override
    public String manualErasure() {
        return manualErasure == null ? RecordTranslator.super.manualErasure() : manualErasure;
    }

    private VendorRequest request(CallMapping call, SahhaRecord record, Recipient recipient, Object body) {
        String json = mapper.writeValueAsString(body);
        if (maxCallBytes > 0 && json.getBytes(StandardCharsets.UTF_8).length > maxCallBytes) {
            throw new UndeliverableEventException("the " + destination + " call would exceed "
                    + (maxCallBytes % 1024 == 0 ? maxCallBytes / 1024 + " KB" : maxCallBytes + " bytes")
                    + ", the most it takes");
        }
        return call(call, recipient, json, ContentIds.key(record.content(call.kind())));
    }

    /** One call to the person's path, signed when the destination signs, its message id from {@code messageKey}. */
    private VendorRequest call(CallMapping call, Recipient recipient, String json, String messageKey) {
        Map<String, String> callHeaders = headers;
        if (signer != null) {
            callHeaders = new LinkedHashMap<>(headers);
            callHeaders.put(StandardWebhooksSigner.ID, "msg_" + messageKey);
        }
        return new VendorRequest(call.method(), call.path().replace("{recipient}", pathSegment(recipient.value())),
                json, callHeaders, signer);
    }

    /** What the mappings see of a record (see the class comment). */
    private Map<String, Object> input(SahhaRecord record, Recipient recipient, String type) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("record", mapper.convertValue(record, OBJECT));
        input.put("type", type);
        input.put("recipient", recipient(recipient));
        input.put("key", key(record));
        input.put("eventName", RecordFields.eventName(record, mapping));
        input.put("attributes", record instanceof DataLog ? Map.of()
                : RecordFields.attributes(record, mapping, style, this::standardArchetype));
        input.put("properties", record instanceof Biomarker ? Map.of() : RecordFields.event(record));
        input.put("createdAt", record.createdAt().toString());
        return input;
    }

    private static Map<String, Object> recipient(Recipient recipient) {
        return Map.of("kind", recipient.kind().name().toLowerCase(Locale.ROOT), "value", recipient.value());
    }

    private Object evaluate(Jsonata expression, Map<String, Object> input, SahhaRecord record, String call) {
        Jsonata.Frame frame = expression.createFrame();
        frame.bind("dedupeKey", (Jsonata.Fn1<String, String>) qualifier -> ContentIds.key(record.content(qualifier)));
        frame.bind("uuid", (Jsonata.Fn1<String, String>) qualifier -> ContentIds.uuid(record.content(qualifier)));
        frame.bind("call", call);
        try {
            return expression.evaluate(input, frame);
        } catch (RuntimeException e) {
            throw new UndeliverableEventException("the " + destination + " " + call + " mapping failed: "
                    + e.getMessage());
        }
    }

    private Fields standardArchetype(Archetype archetype) {
        String key = archetype.key(mapping.attributeKey());
        return new Fields().with(key, archetype.value()).with(key + "_created_at", archetype.createdAtUtc());
    }

    private String key(SahhaRecord record) {
        if (record instanceof Archetype archetype) {
            return archetype.key(mapping.attributeKey());
        }
        if (record instanceof Score score) {
            return score.key(mapping.scoreKey());
        }
        return record instanceof Biomarker biomarker ? biomarker.key(mapping.biomarkerKey()) : null;
    }

    static String type(SahhaRecord record) {
        return record instanceof Archetype ? "archetype" : record instanceof Score ? "score"
                : record instanceof Biomarker ? "biomarker" : "data-log";
    }

    /** The headers every call carries, evaluated once over {@code credentials}. */
    private static Map<String, String> headers(Map<String, String> expressions, Map<String, String> credentials) {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, Object> input = Map.of("credentials", credentials);
        expressions.forEach((name, expression) -> {
            Jsonata compiled = compile(expression);
            Object value = compiled.evaluate(input, compiled.createFrame());
            if (value != null) {
                headers.put(name, value.toString());
            }
        });
        return Map.copyOf(headers);
    }

    /** A JSONata expression with the bridge's functions that need no record. */
    static Jsonata compile(String expression) {
        Jsonata compiled = Jsonata.jsonata(expression);
        compiled.registerFunction("base64", (Jsonata.Fn1<String, String>) text ->
                Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
        return compiled;
    }

    /** RFC 3986 path-segment encoding; a segment of only dots would be a step in the path, so it is refused. */
    private String pathSegment(String value) {
        if (value.chars().allMatch(c -> c == '.')) {
            throw new UndeliverableEventException("the " + destination + " path cannot name a person whose"
                    + " identifier is only dots");
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One call kind's method, path and compiled body expression per record type. */
    private record CallMapping(String kind, String method, String path, Map<String, Jsonata> bodies) {

        static CallMapping of(String destination, String kind, DeclarativeSettings.Call settings) {
            if (settings == null || settings.path() == null) {
                return null;
            }
            Map<String, Jsonata> bodies = new LinkedHashMap<>();
            settings.body().forEach((type, expression) -> {
                try {
                    bodies.put(type, compile(expression));
                } catch (RuntimeException e) {
                    throw new IllegalStateException("bridge.destinations." + destination + ".declarative." + kind
                            + ".body." + type + " is not valid JSONata: " + e.getMessage(), e);
                }
            });
            return new CallMapping(kind, settings.method() == null ? "POST" : settings.method(), settings.path(),
                    bodies);
        }

        Jsonata body(String type) {
            return bodies.get(type);
        }
    }
}
