package ai.sahha.bridge;

import java.util.OptionalInt;

import ai.sahha.bridge.commands.CommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The bridge server; or, with a command name as first argument, that command (see {@link CommandLine}).
 */
@SpringBootApplication
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
