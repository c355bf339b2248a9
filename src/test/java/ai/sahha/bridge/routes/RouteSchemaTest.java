package ai.sahha.bridge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in routes/ is valid against the Camel YAML DSL JSON schema of the Camel version in use (the one that
 * ships in camel-yaml-dsl, which Kaoto and Camel's tooling use), so an integration team's tools read them as the
 * bridge does. (The schema validator reads Jackson 2 trees, as in Contracts.)
 */
class RouteSchemaTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonSchema SCHEMA = schema();

    static Stream<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("routes"))) {
            List<Path> yaml = files.filter(file -> file.toString().endsWith(".camel.yaml")).sorted().toList();
            assertThat(yaml).isNotEmpty();
            return yaml.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void isValidAgainstCamelsYamlDslSchema(Path file) throws IOException {
        Set<String> errors = SCHEMA.validate(YAML.readTree(file.toFile())).stream()
                .map(ValidationMessage::getMessage).collect(Collectors.toCollection(java.util.TreeSet::new));
        assertThat(errors).as(file.toString()).isEmpty();
    }

    private static JsonSchema schema() {
        try (InputStream schema = YamlRoutesBuilderLoader.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
            JsonNode tree = new ObjectMapper().readTree(schema);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(tree);
        } catch (IOException e) {
            throw new IllegalStateException("camel-yaml-dsl ships its JSON schema as schema/camelYamlDsl.json", e);
        }
    }
}
