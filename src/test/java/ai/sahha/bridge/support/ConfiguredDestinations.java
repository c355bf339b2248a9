package ai.sahha.bridge.support;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import ai.sahha.bridge.config.BridgeEnvironment;
import ai.sahha.bridge.config.BridgeProperties;
import ai.sahha.bridge.destinations.DestinationTypes;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;
import tools.jackson.databind.ObjectMapper;

/**
 * A destination's calls exactly as the packaged configuration ({@code config/application.yaml}) defines them, with
 * some of its settings replaced: how a test gets a declarative destination's translator and bulk format.
 */
public final class ConfiguredDestinations {

    private ConfiguredDestinations() {
    }

    /** @param settings below {@code bridge.destinations.<name>.}, e.g. {@code credentials.write-key} */
    public static DestinationTypes.Calls calls(String name, Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        try {
            new YamlPropertySourceLoader().load("config", new FileSystemResource("config/application.yaml"))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> overrides = new HashMap<>();
        settings.forEach((key, value) -> overrides.put("bridge.destinations." + name + "." + key, value));
        environment.getPropertySources().addFirst(new MapPropertySource("test", overrides));
        new BridgeEnvironment().postProcessEnvironment(environment, new SpringApplication());
        BridgeProperties properties = Binder.get(environment).bind("bridge", BridgeProperties.class).get();
        BridgeProperties.Destination destination = properties.destinations().get(name);
        return DestinationTypes.calls(new DestinationTypes.Settings(name, destination.type(name),
                destination.baseUrl(), destination.credentials(), destination.options(), destination.mapping(),
                destination.declarative()), new ObjectMapper());
    }
}
