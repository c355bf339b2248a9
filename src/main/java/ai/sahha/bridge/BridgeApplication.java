package ai.sahha.bridge;

import java.util.Arrays;

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

    public static void main(String[] args) {
        if (args.length > 0 && ImportIdentitiesCommand.NAME.equals(args[0])) {
            System.exit(ImportIdentitiesCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (args.length > 0 && BackfillCommand.NAME.equals(args[0])) {
            System.exit(BackfillCommand.runWithShutdownHook(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(BridgeApplication.class, args);
    }
}
