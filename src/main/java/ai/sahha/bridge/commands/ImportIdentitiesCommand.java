package ai.sahha.bridge.commands;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import ai.sahha.bridge.AuditLog;
import ai.sahha.bridge.config.BridgeProperties;
import ai.sahha.bridge.identity.IdentityMappings;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code java -jar bridge.jar import-identities FILE.csv}: fills the identity table from CSV (header
 * {@code external_id,email,phone}) in the bridge's database, with the same configuration as the server, whether
 * the server is running or not, and puts deliveries parked for those people back in line.
 */
public final class ImportIdentitiesCommand {

    public static final String NAME = "import-identities";
    static final String USAGE = """
            usage: java -jar sahha-cx-bridge.jar import-identities FILE.csv [--setting=value ...]
              FILE.csv has a header row naming external_id and email and/or phone
            Works whether or not the bridge runs on the same database; parked deliveries of the people imported
            are put back in line. Exit codes: 0 imported, 1 failed, 2 wrong usage.""";

    private ImportIdentitiesCommand() {
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1 || args[0].startsWith("--")) {
            return CommandLine.usageError(err, NAME, "say which CSV file to import").getAsInt();
        }
        for (int i = 1; i < args.length; i++) {
            if (!CommandLine.isSetting(args[i])) {
                return CommandLine.usageError(err, NAME, "unknown argument " + args[i]).getAsInt();
            }
        }
        Path file = Path.of(args[0]);
        List<IdentityMappings.Mapping> mappings;
        try (Reader csv = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            mappings = IdentityMappings.parseCsv(csv);
        } catch (IOException | IllegalArgumentException e) {
            err.println("cannot import " + file + ": " + e.getMessage());
            return CommandLine.FAILED;
        }
        try (ConfigurableApplicationContext context = CommandContext.start(Arrays.copyOfRange(args, 1, args.length))) {
            IdentityMappings table = new IdentityMappings(context.getBean(DataSource.class),
                    new TransactionTemplate(context.getBean(PlatformTransactionManager.class)), Clock.systemUTC(),
                    context.getBean(BridgeProperties.class).destinations().keySet());
            int unparked = table.save(mappings);
            AuditLog.record(CommandContext.commandLineUser(), "save identity mappings", mappings.size()
                    + " mapping(s) from a file, " + unparked + " delivery(ies) unparked", mappings.size());
            out.printf("Imported %d identity mapping(s) from %s; %d parked deliveries put back in line.%n",
                    mappings.size(), file, unparked);
            return CommandLine.OK;
        }
    }
}
