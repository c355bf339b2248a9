package ai.sahha.bridge.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import ai.sahha.bridge.destinations.DestinationTypes;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Adds what plain Spring configuration cannot express:
 * <ul>
 * <li>a {@code .env} file in the working folder, read like the environment (real variables win);</li>
 * <li>{@code bridge.destinations.<name>.enabled}, true exactly when all the destination's credentials are set (and, for
 * a declarative one, its base URL): unless the destination's block says {@code enabled} itself;</li>
 * <li>the shared defaults of destinations: a setting a destination's block does not give is read from
 * {@code bridge.destination-defaults} (for the settings' binding and for the routes' placeholders alike);</li>
 * <li>where the Camel routes load from: {@code BRIDGE_ROUTES_DIR}, else {@code ./routes} when it exists (edited
 * without rebuilding), else the copies packaged in the jar;</li>
 * <li>the embedded database's password, and its server bound to loopback ({@link EmbeddedDatabase});</li>
 * <li>with no admin credentials, no admin endpoint at all: the management port serves health and metrics only.</li>
 * </ul>
 */
public class BridgeEnvironment implements EnvironmentPostProcessor, Ordered {

    private static final String DESTINATIONS = "bridge.destinations.";
    private static final String DEFAULTS = "bridge.destination-defaults.";
    /** What each destination says for itself, never taken from the defaults. */
    private static final List<String> OWN_SETTINGS = List.of("enabled", "type", "base-url", "credentials", "options",
            "declarative", "rate-limits");

    /** One folder of routes per concern; listed because Camel's {@code **} loses subfolders inside a jar. */
    static final List<String> ROUTE_FOLDERS = List.of("intake", "delivery", "destinations", "privacy");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Path dotEnv = Path.of(".env");
        if (Files.isRegularFile(dotEnv)) {
            environment.getPropertySources().addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new MapPropertySource("dotenv", readDotEnv(dotEnv)));
        }
        environment.getPropertySources().addLast(new DestinationSwitches(environment));
        environment.getPropertySources().addLast(new DestinationDefaults(environment));
        if (environment.getProperty("spring.datasource.url", "").startsWith("jdbc:h2:")) {
            EmbeddedDatabase.bindToLoopback();
        }
        environment.getPropertySources().addLast(new Answering("bridge-embedded-database-password",
                "spring.datasource.password", () -> {
                    String url = environment.getProperty("spring.datasource.url", "");
                    return url.startsWith("jdbc:h2:file:") ? EmbeddedDatabase.password(url) : null;
                }));
        environment.getPropertySources().addFirst(new Answering("bridge-admin-off",
                "management.endpoints.web.exposure.include",
                () -> adminConfigured(environment) ? null : "health,prometheus"));
        String routesDir = environment.getProperty("BRIDGE_ROUTES_DIR");
        String location = routesDir != null && !routesDir.isBlank() ? "file:" + routesDir
                : Files.isDirectory(Path.of("routes")) ? "file:routes" : "classpath:routes";
        String pattern = String.join(",", ROUTE_FOLDERS.stream()
                .map(folder -> location + "/" + folder + "/*.camel.yaml").toList());
        environment.getPropertySources().addLast(
                new MapPropertySource("bridge-routes", Map.of("camel.main.routes-include-pattern", pattern)));
    }

    /** An operator's password, or a bearer token (see {@code BridgeProperties.Admin}). */
    static boolean adminConfigured(ConfigurableEnvironment environment) {
        return !isBlank(environment.getProperty("bridge.admin.username"))
                && !isBlank(environment.getProperty("bridge.admin.password"))
                || !isBlank(environment.getProperty("bridge.admin.token"));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** KEY=VALUE lines; blank lines, {@code #} comments and a leading {@code export} are allowed; quotes are removed. */
    static Map<String, Object> readDotEnv(Path file) {
        Map<String, Object> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
                    continue;
                }
                if (trimmed.startsWith("export ")) {
                    trimmed = trimmed.substring("export ".length()).strip();
                }
                int equals = trimmed.indexOf('=');
                String value = trimmed.substring(equals + 1).strip();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                        || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                values.put(trimmed.substring(0, equals).strip(), value);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file.toAbsolutePath(), e);
        }
        return values;
    }

    /**
     * Answers one property with what {@code value} gives at the time it is asked (null: this source has none), so
     * that it follows the settings as they are then, tests' dynamic ones included.
     */
    static final class Answering extends PropertySource<Object> {

        private final String property;
        private final Supplier<Object> value;

        Answering(String name, String property, Supplier<Object> value) {
            super(name, new Object());
            this.property = property;
            this.value = value;
        }

        @Override
        public Object getProperty(String name) {
            return property.equals(name) ? value.get() : null;
        }
    }

    /**
     * Answers {@code bridge.destinations.<name>.enabled} from the credentials, at the time it is asked. The
     * environment is a field, not the source: Spring Boot would expand an environment source into itself.
     */
    static final class DestinationSwitches extends PropertySource<Object> {

        private final ConfigurableEnvironment environment;

        DestinationSwitches(ConfigurableEnvironment environment) {
            super("bridge-destination-switches", new Object());
            this.environment = environment;
        }

        @Override
        public Object getProperty(String name) {
            if (!name.startsWith(DESTINATIONS) || !name.endsWith(".enabled")) {
                return null;
            }
            String destination = name.substring(DESTINATIONS.length(), name.length() - ".enabled".length());
            if (destination.contains(".")) {
                return null;
            }
            Map<String, String> credentials = Binder.get(environment).bind(DESTINATIONS + destination
                    + ".credentials", Bindable.mapOf(String.class, String.class)).orElse(Map.of());
            String type = environment.getProperty(DESTINATIONS + destination + ".type", destination);
            boolean required = DestinationTypes.REQUIRED_CREDENTIALS.getOrDefault(type, List.of()).stream()
                    .allMatch(key -> !isBlank(credentials.get(key)));
            return required && credentials.values().stream().noneMatch(BridgeEnvironment::isBlank)
                    && (!"declarative".equals(type)
                    || !isBlank(environment.getProperty(DESTINATIONS + destination + ".base-url")));
        }
    }

    /** {@code bridge.destinations.<name>.<setting>} from {@code bridge.destination-defaults.<setting>}. */
    static final class DestinationDefaults extends PropertySource<Object> {

        private final ConfigurableEnvironment environment;

        DestinationDefaults(ConfigurableEnvironment environment) {
            super("bridge-destination-defaults", new Object());
            this.environment = environment;
        }

        @Override
        public Object getProperty(String name) {
            if (!name.startsWith(DESTINATIONS)) {
                return null;
            }
            int dot = name.indexOf('.', DESTINATIONS.length());
            if (dot < 0) {
                return null;
            }
            String setting = name.substring(dot + 1);
            for (String own : OWN_SETTINGS) {
                if (setting.equals(own) || setting.startsWith(own + ".") || setting.startsWith(own + "[")) {
                    return null;
                }
            }
            return environment.getProperty(DEFAULTS + setting);
        }
    }
}
