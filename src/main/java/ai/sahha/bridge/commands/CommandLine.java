package ai.sahha.bridge.commands;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What {@code java -jar sahha-cx-bridge.jar ARGS} does: with no command, start the server (its options are settings,
 * {@code --name=value}); with a command's name, run that command and exit. {@code --help}, {@code help} and
 * {@code COMMAND --help} print usage without needing any setting; an unknown command or option exits
 * {@value #USAGE_ERROR} with one line on stderr, before anything starts.
 */
public final class CommandLine {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE_ERROR = 2;
    public static final int STOPPED = 130;

    /** The commands an operator runs, with their usage (the AOT training run is the image build's, not listed). */
    static final Map<String, String> USAGES = Map.of(
            BackfillCommand.NAME, BackfillCommand.USAGE,
            ImportIdentitiesCommand.NAME, ImportIdentitiesCommand.USAGE,
            ForgetCommand.NAME, ForgetCommand.USAGE);

    private static final List<String> HELP = List.of("--help", "-h", "help");

    static final String SERVER_USAGE = """
            usage: java -jar sahha-cx-bridge.jar [--setting=value ...]       start the bridge
                   java -jar sahha-cx-bridge.jar COMMAND [options]           run a command and exit
                   java -jar sahha-cx-bridge.jar help [COMMAND]              this, or a command's usage

            Settings are those of config/application.yaml (e.g. --server.port=8080), also read from the
            environment and ./.env; SAHHA_WEBHOOK_SECRET is required to start the bridge.

            commands:
              backfill            read archetypes (and scores) from the Sahha API and deliver them
              import-identities   load externalId -> email/phone mappings from a CSV file
              forget              erase a person here and at every destination, and drop their next webhooks

            exit codes: 0 done, 1 failed, 2 wrong usage, 130 stopped (Ctrl-C; a backfill resumes where it stopped)""";

    private CommandLine() {
    }

    /**
     * Runs what {@code args} ask for unless it is the server: returns the exit code, or empty when the server is
     * to start. Usage goes to {@code out}, a usage error to {@code err}.
     */
    public static OptionalInt dispatch(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0) {
            return OptionalInt.empty();
        }
        String first = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (HELP.contains(first)) {
            if (rest.length == 0) {
                out.println(SERVER_USAGE);
                return OptionalInt.of(OK);
            }
            String usage = USAGES.get(rest[0]);
            if (usage == null) {
                return usageError(err, "unknown command '" + rest[0] + "'");
            }
            out.println(usage);
            return OptionalInt.of(OK);
        }
        if (USAGES.containsKey(first) && Arrays.stream(rest).anyMatch(HELP::contains)) {
            out.println(USAGES.get(first));
            return OptionalInt.of(OK);
        }
        switch (first) {
            case BackfillCommand.NAME:
                return OptionalInt.of(BackfillCommand.runWithShutdownHook(rest, out, err));
            case ImportIdentitiesCommand.NAME:
                return OptionalInt.of(ImportIdentitiesCommand.run(rest, out, err));
            case ForgetCommand.NAME:
                return OptionalInt.of(ForgetCommand.run(rest, out, err));
            case AotTrainingCommand.NAME:
                return OptionalInt.of(AotTrainingCommand.run(rest));
            default:
                break;
        }
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                return usageError(err, "unknown command '" + arg + "'");
            }
            if (!isSetting(arg)) {
                return usageError(err, "unknown option '" + arg + "' (settings are given as --name=value)");
            }
        }
        return OptionalInt.empty();
    }

    /** A setting as the server takes it: {@code --name=value}. */
    static boolean isSetting(String arg) {
        return arg.startsWith("--") && arg.indexOf('=') > 2;
    }

    /** One line on stderr, pointing at the help; exit code {@value #USAGE_ERROR}. */
    static OptionalInt usageError(PrintStream err, String problem) {
        return usageError(err, null, problem);
    }

    /** The same for {@code command}'s own arguments. */
    static OptionalInt usageError(PrintStream err, String command, String problem) {
        String name = command == null ? "" : command + " ";
        err.println("sahha-cx-bridge: " + name + problem + "; usage: java -jar sahha-cx-bridge.jar " + name + "--help");
        return OptionalInt.of(USAGE_ERROR);
    }

    /**
     * True when output goes to a terminal. From JDK 22 {@code System.console()} is there even when output is
     * redirected, and {@code Console.isTerminal()} (JDK 22+, reached by reflection while JDK 17 is supported) says.
     */
    static boolean outputIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // before JDK 22, a console exists only for a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
