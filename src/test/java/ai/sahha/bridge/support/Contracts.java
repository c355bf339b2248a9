package ai.sahha.bridge.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Validates request bodies against the vendors' own API descriptions in ../shared/contracts, with the overlays
 * shared/docs/vendors.md calls for. Each method returns the validation errors: empty means the vendor would take it.
 * The schema validator's 1.x line reads Jackson 2 trees, so this class (test code only) parses with Jackson 2.
 */
public final class Contracts {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path CONTRACTS = Path.of("..", "shared", "contracts");
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private Contracts() {
    }

    /**
     * Customer.io Track API (OpenAPI 3.1, JSON Schema 2020-12): the identify body ({@code PUT
     * /api/v1/customers/{identifier}}) or the event body ({@code POST .../events}). The path parameter's schema is
     * not used: its {@code oneOf} of three plain strings can never match exactly one. Overlay (see
     * shared/docs/vendors.md): attribute values may be any number, not only integers, as the real API accepts
     * (a score of 0.86); arrays, objects and null stay refused.
     */
    public static Set<String> customerIoIdentifyErrors(String body) {
        return validate(cached("cio-identify", () -> {
            JsonNode spec = read("customerio/journeys-track.openapi.json").deepCopy();
            ObjectNode attributes = (ObjectNode) spec.at("/paths/~1api~1v1~1customers~1{identifier}/put/requestBody"
                    + "/content/application~1json/schema/additionalProperties");
            attributes.set("oneOf", MAPPER.readTree("[{\"type\":\"string\"},{\"type\":\"number\"},"
                    + "{\"type\":\"boolean\"}]"));
            return openApiSchema(spec, "/paths/~1api~1v1~1customers~1{identifier}/put/requestBody/content/"
                    + "application~1json/schema", SpecVersion.VersionFlag.V202012);
        }), body);
    }

    public static Set<String> customerIoEventErrors(String body) {
        return validate(cached("cio-event", () -> openApiSchema(read("customerio/journeys-track.openapi.json"),
                "/components/schemas/eventsRequest", SpecVersion.VersionFlag.V202012)), body);
    }

    /** Customer.io's {@code POST /api/v2/batch} body. */
    public static Set<String> customerIoBatchErrors(String body) {
        return validate(cached("cio-batch", () -> openApiSchema(read("customerio/journeys-track.openapi.json"),
                "/paths/~1api~1v2~1batch/post/requestBody/content/application~1json/schema",
                SpecVersion.VersionFlag.V202012)), body);
    }

    /**
     * Segment has no vendor schema: the third-party OpenAPI (a scaffold) and our overlay from Segment's docs
     * (an identity, a messageId under 100 characters, an ISO-8601 timestamp) must both pass, and the message must
     * be within Segment's 32 KB.
     */
    public static Set<String> segmentErrors(String call, String body) {
        Set<String> errors = new TreeSet<>(validate(cached("segment-" + call, () -> openApiSchema(
                readYaml("segment/THIRD-PARTY-apievangelist-segment-http-tracking-api-openapi.yml"),
                "/components/schemas/" + call, SpecVersion.VersionFlag.V202012)), body));
        errors.addAll(validate(cached("segment-overlay", () -> factory(SpecVersion.VersionFlag.V7)
                .getSchema(readFile(Path.of("src/test/resources/contracts/segment-message.overlay.schema.json")),
                        formats())), body));
        if (body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 32 * 1024) {
            errors.add("message over 32 KB");
        }
        return errors;
    }

    /** Iterable (Swagger 2.0): a definition such as {@code ApiUserUpdateRequest} or {@code TrackRequest}. */
    public static Set<String> iterableErrors(String definition, String body) {
        return validate(cached("iterable-" + definition, () -> {
            JsonNode spec = read("iterable/api-docs.json");
            ObjectNode root = MAPPER.createObjectNode();
            root.set("definitions", spec.get("definitions"));
            root.setAll((ObjectNode) spec.at("/definitions/" + definition));
            return factory(SpecVersion.VersionFlag.V4).getSchema(root, formats());
        }), body);
    }

    /**
     * Klaviyo (OpenAPI 3.0): the request body of one operation file, e.g. {@code create_or_update_profile} or
     * {@code create_event}. Our bodies hold no nulls, so OAS 3.0's {@code nullable} needs no special handling.
     */
    public static Set<String> klaviyoErrors(String operation, String body) {
        return validate(cached("klaviyo-" + operation, () -> {
            JsonNode spec = read("klaviyo/" + operation + ".json");
            JsonNode post = spec.get("paths").elements().next().get("post");
            return openApiSchema(spec, post.at("/requestBody/content").elements().next().get("schema"),
                    SpecVersion.VersionFlag.V4);
        }), body);
    }

    /** Klaviyo's {@code POST /api/data-privacy-deletion-jobs} body, from its full OpenAPI file. */
    public static Set<String> klaviyoDeletionJobErrors(String body) {
        return validate(cached("klaviyo-deletion-job", () -> openApiSchema(read("klaviyo/stable.json"),
                "/paths/~1api~1data-privacy-deletion-jobs/post/requestBody/content/application~1vnd.api+json/schema",
                SpecVersion.VersionFlag.V4)), body);
    }

    /** Whether the Customer.io Track API has this operation ({@code method} lower case, the path as the spec names it). */
    public static boolean customerIoHas(String method, String path) {
        return read("customerio/journeys-track.openapi.json").path("paths").path(path).has(method);
    }

    /** mParticle: the draft-07 JSON Schema of one Events API batch, with format assertions on. */
    public static Set<String> mparticleBatchErrors(String body) {
        return validate(cached("mparticle", () -> factory(SpecVersion.VersionFlag.V7)
                .getSchema(read("mparticle/mparticle.inbound.eventsapi.schema.json"), formats())), body);
    }

    private static JsonSchema openApiSchema(JsonNode spec, String pointer, SpecVersion.VersionFlag version) {
        return openApiSchema(spec, spec.at(pointer), version);
    }

    private static JsonSchema openApiSchema(JsonNode spec, JsonNode schema, SpecVersion.VersionFlag version) {
        ObjectNode root = MAPPER.createObjectNode();
        root.set("components", spec.get("components"));
        root.setAll(((ObjectNode) schema).deepCopy());
        return factory(version).getSchema(root, formats());
    }

    private static JsonSchemaFactory factory(SpecVersion.VersionFlag version) {
        return JsonSchemaFactory.getInstance(version);
    }

    private static SchemaValidatorsConfig formats() {
        return SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    }

    private static JsonSchema cached(String key, SchemaSource schema) {
        return SCHEMAS.computeIfAbsent(key, k -> {
            try {
                return schema.load();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private interface SchemaSource {
        JsonSchema load() throws IOException;
    }

    private static Set<String> validate(JsonSchema schema, String body) {
        try {
            Set<ValidationMessage> errors = schema.validate(MAPPER.readTree(body));
            return errors.stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String file) {
        return readFile(CONTRACTS.resolve(file));
    }

    private static JsonNode readYaml(String file) {
        try {
            return YAML.readTree(CONTRACTS.resolve(file).toFile());
        } catch (IOException e) {
            throw new IllegalStateException("the vendor contracts live in ../shared/contracts", e);
        }
    }

    private static JsonNode readFile(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
