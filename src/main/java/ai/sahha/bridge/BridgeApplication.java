package ai.sahha.bridge;

import java.util.OptionalInt;

import ai.sahha.bridge.commands.CommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The bridge server; or, with a command name as first argument, that command (see {@link CommandLine}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
// @SpringBootApplication's scan, less the management port's own configuration (the console), which must stay there
@ComponentScan(excludeFilters = {
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = ManagementContextConfiguration.class)})
public class BridgeApplication {

    public static void main(String[] args) throws Exception {
        // NIO keeps, per thread, a native copy of the largest heap buffer it has passed to a channel (H2 writes
        // whole chunks); unbounded, those copies held 60 MB of native memory in a burst. Read once, so set first.
        if (System.getProperty("jdk.nio.maxCachedBufferSize") == null) {
            System.setProperty("jdk.nio.maxCachedBufferSize", "262144");
        }
        OptionalInt exit = CommandLine.dispatch(args, System.out, System.err);
        if (exit.isPresent()) {
            System.exit(exit.getAsInt());
        }
        SpringApplication.run(BridgeApplication.class, args);
    }
}
