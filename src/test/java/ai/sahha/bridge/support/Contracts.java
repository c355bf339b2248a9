package ai.sahha.bridge.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** Validates request bodies against the vendors' own API descriptions in ../shared/contracts. */
public final class Contracts {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path CONTRACTS = Path.of("..", "shared", "contracts");

    private Contracts() {
    }

    /**
     * Customer.io Track API (OpenAPI 3.1, JSON Schema 2020-12): the identify body ({@code PUT
     * /api/v1/customers/{identifier}}) or the event body ({@code POST .../events}). The path parameter's schema is
     * not used: its {@code oneOf} of three plain strings can never match exactly one (see shared/docs/vendors.md).
     */
    public static Set<String> customerIoIdentifyErrors(String body) {
        return validate(customerIoSchema("/paths/~1api~1v1~1customers~1{identifier}/put/requestBody/content/"
                + "application~1json/schema"), body);
    }

    public static Set<String> customerIoEventErrors(String body) {
        return validate(customerIoSchema("/components/schemas/eventsRequest"), body);
    }

    private static JsonSchema customerIoSchema(String pointer) {
        JsonNode spec = read(CONTRACTS.resolve("customerio").resolve("journeys-track.openapi.json"));
        ObjectNode root = MAPPER.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", spec.get("components"));
        root.setAll((ObjectNode) spec.at(pointer));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
    }

    private static Set<String> validate(JsonSchema schema, String body) {
        try {
            Set<ValidationMessage> errors = schema.validate(MAPPER.readTree(body));
            return errors.stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("the vendor contracts live in ../shared/contracts", e);
        }
    }
}
