package ai.sahha.bridge;

import java.util.Arrays;

import ai.sahha.bridge.commands.AotTrainingCommand;
import ai.sahha.bridge.commands.BackfillCommand;
import ai.sahha.bridge.commands.ImportIdentitiesCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The bridge server; or, with a command name as first argument, that command ({@code backfill},
 * {@code import-identities}).
 */
@SpringBootApplication
public class BridgeApplication {

    public static void main(String[] args) throws Exception {
        // NIO keeps, per thread, a native copy of the largest heap buffer it has passed to a channel (H2 writes
        // whole chunks); unbounded, those copies held 60 MB of native memory in a burst. Read once, so set first.
        if (System.getProperty("jdk.nio.maxCachedBufferSize") == null) {
            System.setProperty("jdk.nio.maxCachedBufferSize", "262144");
        }
        if (args.length > 0 && ImportIdentitiesCommand.NAME.equals(args[0])) {
            System.exit(ImportIdentitiesCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (args.length > 0 && AotTrainingCommand.NAME.equals(args[0])) {
            System.exit(AotTrainingCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && BackfillCommand.NAME.equals(args[0])) {
            System.exit(BackfillCommand.runWithShutdownHook(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(BridgeApplication.class, args);
    }
}
