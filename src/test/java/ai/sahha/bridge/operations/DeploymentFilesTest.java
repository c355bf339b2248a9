package ai.sahha.bridge.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/**
 * The files a team deploys with: the Kubernetes manifests parse strictly into the Kubernetes model (every field one
 * the API knows) and say what the README promises (two replicas, probes, 512 MB, non-root on a read-only root, a
 * 30 s grace, a NetworkPolicy for the management port), the kustomization carries every route file, the Camel K
 * Integration matches, and compose.yaml is valid against the Compose specification's schema (the one Debian's
 * docker-compose ships; skipped, and said so, without it). (fabric8 and the schema validator read Jackson 2.)
 */
class DeploymentFilesTest {

    private static final Path KUBERNETES = Path.of("deploy/kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path COMPOSE_SCHEMA = Path.of("/usr/lib/python3/dist-packages/compose/config/compose_spec.json");

    @Test
    void everyManifestParsesStrictlyIntoTheKubernetesModel() throws IOException {
        List<Path> manifests = manifests();
        assertThat(manifests).hasSizeGreaterThanOrEqualTo(6);
        Set<String> kinds = new TreeSet<>();
        for (Path manifest : manifests) {
            HasMetadata resource = parse(manifest, HasMetadata.class);
            kinds.add(resource.getKind());
            assertThat(unknownFields(resource, "")).as(manifest + ": fields the Kubernetes API does not have").isEmpty();
            assertThat(resource.getMetadata().getName()).as(manifest.toString()).isNotBlank();
        }
        assertThat(kinds).contains("Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy", "Secret");
    }

    @Test
    void aFieldTheKubernetesApiDoesNotHaveIsCaught() {
        KubernetesResource misspelled = new KubernetesSerialization().unmarshal("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: bridge}
                spec: {replica: 2, template: {spec: {containers: [{name: bridge, imagePullPolicy: Always, ports: [{port: 8080}]}]}}}
                """);
        assertThat(unknownFields(misspelled, "")).containsExactlyInAnyOrder(".spec.replica",
                ".spec.template.spec.containers[0].ports[0].port");
    }

    @Test
    void theDeploymentRunsTwoLockedDownReplicasThatStopWithinTheGracePeriod() throws IOException {
        Deployment deployment = parse(KUBERNETES.resolve("deployment.yaml"), Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels());
        assertThat(pod.getTerminationGracePeriodSeconds()).as("the bridge's stop grace").isEqualTo(30L);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        Container bridge = pod.getContainers().get(0);
        assertThat(bridge.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(bridge.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(bridge.getResources().getLimits().get("memory")).isEqualTo(new Quantity("512Mi"));
        assertThat(bridge.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(bridge.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(bridge.getEnvFrom().get(0).getSecretRef().getName()).isEqualTo("sahha-cx-bridge-env");
        assertThat(bridge.getVolumeMounts()).extracting(mount -> mount.getMountPath())
                .contains("/app/config", "/app/routes", "/tmp");

        PodDisruptionBudget budget = parse(KUBERNETES.resolve("pod-disruption-budget.yaml"), PodDisruptionBudget.class);
        assertThat(budget.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        NetworkPolicy policy = parse(KUBERNETES.resolve("network-policy.yaml"), NetworkPolicy.class);
        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        var management = policy.getSpec().getIngress().stream().filter(rule -> rule.getPorts().stream()
                .anyMatch(port -> port.getPort().getIntVal() == 8081)).toList();
        assertThat(management).hasSize(1);
        assertThat(management.get(0).getFrom()).as("only named namespaces reach the management port").isNotEmpty();
    }

    /** A route file added to routes/ and not to the kustomization would be missing from every pod. */
    @Test
    void theKustomizationMountsEveryRouteFileInItsFolder() throws IOException {
        Set<String> routeFiles;
        try (Stream<Path> files = Files.walk(Path.of("routes"))) {
            routeFiles = files.filter(file -> file.toString().endsWith(".camel.yaml"))
                    .map(file -> Path.of("routes").relativize(file).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        JsonNode kustomization = YAML.readTree(KUBERNETES.resolve("kustomization.yaml").toFile());
        Map<String, String> generated = new java.util.TreeMap<>();
        for (JsonNode generator : kustomization.get("configMapGenerator")) {
            for (JsonNode file : generator.get("files")) {
                String[] keyAndPath = file.asText().split("=", 2);
                assertThat(KUBERNETES.resolve(keyAndPath[1])).as(file.asText()).isRegularFile();
                generated.put(keyAndPath[0], KUBERNETES.resolve(keyAndPath[1]).normalize().toString());
            }
        }
        Deployment deployment = parse(KUBERNETES.resolve("deployment.yaml"), Deployment.class);
        ConfigMapVolumeSource routes = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(volume -> "routes".equals(volume.getName())).map(Volume::getConfigMap).findFirst().orElseThrow();
        Set<String> mounted = new TreeSet<>();
        for (KeyToPath item : routes.getItems()) {
            assertThat(generated).as(item.getKey()).containsKey(item.getKey());
            assertThat(generated.get(item.getKey())).isEqualTo("routes/" + item.getPath());
            mounted.add(item.getPath());
        }
        assertThat(mounted).isEqualTo(routeFiles);
        for (JsonNode resource : kustomization.get("resources")) {
            assertThat(KUBERNETES.resolve(resource.asText())).isRegularFile();
        }
    }

    @Test
    void theCamelKIntegrationMatchesTheManifests() throws IOException {
        JsonNode integration = YAML.readTree(Path.of("deploy/camel-k/integration.yaml").toFile());
        Deployment deployment = parse(KUBERNETES.resolve("deployment.yaml"), Deployment.class);
        Container bridge = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(integration.get("kind").asText()).isEqualTo("Integration");
        assertThat(integration.at("/spec/replicas").asInt()).isEqualTo(deployment.getSpec().getReplicas());
        JsonNode traits = integration.at("/spec/traits");
        assertThat(traits.at("/health/readinessProbe").asText()).isEqualTo(bridge.getReadinessProbe().getHttpGet().getPath());
        assertThat(traits.at("/health/livenessProbe").asText()).isEqualTo(bridge.getLivenessProbe().getHttpGet().getPath());
        assertThat(traits.at("/container/limitMemory").asText()).isEqualTo("512Mi");
        assertThat(traits.at("/mount/configs/0").asText()).isEqualTo("secret:" + bridge.getEnvFrom().get(0)
                .getSecretRef().getName());
    }

    @Test
    void composeIsValidAgainstTheComposeSpecification() throws Exception {
        assumeThat(COMPOSE_SCHEMA).as("Debian's docker-compose is not installed: compose.yaml not checked")
                .exists();
        JsonNode compose = YAML.readTree(Path.of("compose.yaml").toFile());
        JsonNode schema = withoutDraft4Ids(new ObjectMapper().readTree(COMPOSE_SCHEMA.toFile()));
        Set<String> errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909)
                .getSchema(schema).validate(compose).stream()
                .map(ValidationMessage::getMessage).collect(Collectors.toCollection(TreeSet::new));
        assertThat(errors).isEmpty();
        assertThat(compose.at("/services").fieldNames()).toIterable()
                .contains("bridge", "postgres", "prometheus", "grafana");
        for (JsonNode service : compose.get("services")) {
            for (JsonNode volume : service.path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(Path.of(source)).as(source).exists();
                }
            }
        }
        ProcessBuilder check = new ProcessBuilder("docker-compose", "-f", "compose.yaml", "config", "-q")
                .redirectErrorStream(true);
        check.environment().putAll(Map.of("SAHHA_WEBHOOK_SECRET", "secret", "BRIDGE_ADMIN_PASSWORD", "password"));
        Process config = check.start();
        config.getOutputStream().close();
        String output = new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(config.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(config.exitValue()).as(output).isZero();
    }

    /** The schema's "id"s are draft-04 leftovers beside its 2019-09 "$schema", which the validator refuses. */
    private static JsonNode withoutDraft4Ids(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.path("id").isTextual()) {
                object.remove("id");
            }
            object.forEach(DeploymentFilesTest::withoutDraft4Ids);
        } else if (node.isArray()) {
            node.forEach(DeploymentFilesTest::withoutDraft4Ids);
        }
        return node;
    }

    private static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            return files.filter(file -> file.toString().endsWith(".yaml"))
                    .filter(file -> !file.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
        }
    }

    private static <T extends KubernetesResource> T parse(Path manifest, Class<T> type) throws IOException {
        try (InputStream yaml = Files.newInputStream(manifest)) {
            KubernetesResource resource = new KubernetesSerialization().unmarshal(yaml);
            assertThat(resource).as(manifest.toString()).isInstanceOf(type);
            return type.cast(resource);
        }
    }

    /** Paths of the fields the model did not know (fabric8 keeps them aside instead of refusing them). */
    private static List<String> unknownFields(Object node, String path) {
        List<String> unknown = new ArrayList<>();
        walk(node, path, unknown, new IdentityHashMap<>());
        return unknown;
    }

    private static void walk(Object node, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (node == null || seen.put(node, true) != null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> walk(value, path + "." + key, unknown, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        try {
            for (PropertyDescriptor property : Introspector.getBeanInfo(node.getClass()).getPropertyDescriptors()) {
                if (property.getReadMethod() == null || property.getName().equals("class")) {
                    continue;
                }
                Object value = property.getReadMethod().invoke(node);
                if (property.getName().equals("additionalProperties")) {
                    ((Map<?, ?>) value).keySet().forEach(key -> unknown.add(path + "." + key));
                } else {
                    walk(value, path + "." + property.getName(), unknown, seen);
                }
            }
        } catch (ReflectiveOperationException | java.beans.IntrospectionException e) {
            throw new IllegalStateException(e);
        }
    }
}
