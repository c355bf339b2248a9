package ai.sahha.bridge.commands;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import ai.sahha.bridge.config.BridgeConfiguration;
import ai.sahha.bridge.config.BridgeProperties;
import ai.sahha.bridge.journal.DeploymentKeys;
import ai.sahha.bridge.privacy.ErasureRequests;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code java -jar bridge.jar forget --external-id ID | --file IDS.txt [--wait]}: journals a request to forget each
 * person in the bridge's database and exits; the running bridge (now, or when it next starts) deletes what it holds
 * about them, suppresses them and asks every destination to erase them. {@code --wait} stays until that is done.
 */
public final class ForgetCommand {

    public static final String NAME = "forget";
    static final String USAGE = """
            usage: java -jar sahha-cx-bridge.jar forget (--external-id ID | --file IDS.txt) [--wait] [--setting=value ...]
              --external-id ID   the person's Sahha externalId
              --file IDS.txt     one externalId per line
              --wait             wait until the running bridge has erased them everywhere (or marked a destination
                                 manual), printing how each destination stands
            The request is journaled in the bridge's database and carried out by the running bridge, now or when it
            next starts. Exit codes: 0 queued (or, with --wait, done), 1 failed, 2 wrong usage, 130 stopped.""";

    private static final long POLL_MILLIS = 2000;

    private ForgetCommand() {
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        List<String> people = new ArrayList<>();
        List<String> settings = new ArrayList<>();
        boolean wait = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--wait")) {
                wait = true;
            } else if ((arg.equals("--external-id") || arg.equals("--file")) && i + 1 < args.length) {
                String value = args[++i];
                if (arg.equals("--external-id")) {
                    people.add(value);
                } else {
                    try {
                        people.addAll(Files.readAllLines(Path.of(value), StandardCharsets.UTF_8).stream()
                                .map(String::strip).filter(line -> !line.isEmpty()).toList());
                    } catch (IOException e) {
                        err.println("cannot read " + value + ": " + e.getMessage());
                        return CommandLine.FAILED;
                    }
                }
            } else if (CommandLine.isSetting(arg)) {
                settings.add(arg);
            } else {
                return CommandLine.usageError(err, NAME, "unknown argument " + arg).getAsInt();
            }
        }
        if (people.isEmpty()) {
            return CommandLine.usageError(err, NAME, "say whom to forget (--external-id or --file)").getAsInt();
        }
        try (ConfigurableApplicationContext context = CommandContext.start(settings.toArray(String[]::new))) {
            DataSource dataSource = context.getBean(DataSource.class);
            ErasureRequests requests = new ErasureRequests(new JdbcTemplate(dataSource),
                    new TransactionTemplate(context.getBean(PlatformTransactionManager.class)),
                    BridgeConfiguration.personTags(context.getBean(BridgeProperties.class),
                            new DeploymentKeys(dataSource, Clock.systemUTC())), Clock.systemUTC());
            List<Long> ids = new ArrayList<>();
            for (String person : people) {
                try {
                    ids.add(requests.request(ErasureRequests.FORGET, person, CommandContext.commandLineUser()));
                } catch (IllegalArgumentException e) {
                    err.println("cannot forget line " + (people.indexOf(person) + 1) + ": " + e.getMessage());
                    return CommandLine.FAILED;
                }
            }
            out.printf("queued: %d request(s) to forget (%s); the running bridge carries them out%n", ids.size(),
                    ids.stream().map(String::valueOf).collect(Collectors.joining(", ")));
            return wait ? waitFor(requests, ids, out) : CommandLine.OK;
        }
    }

    private static int waitFor(ErasureRequests requests, List<Long> ids, PrintStream out) throws InterruptedException {
        String last = "";
        while (true) {
            List<ErasureRequests.Request> now = ids.stream().map(requests::find).toList();
            String report = now.stream().map(ForgetCommand::describe).collect(Collectors.joining("\n"));
            if (!report.equals(last)) {
                out.println(report);
                last = report;
            }
            if (now.stream().allMatch(request -> request.completedAt() != null)) {
                out.println("done: erased everywhere, or marked manual where the operator must act (see above)");
                return CommandLine.OK;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static String describe(ErasureRequests.Request request) {
        if (request.appliedAt() == null) {
            return "request " + request.id() + " (person " + request.personTag() + "): waiting for the bridge";
        }
        return "request " + request.id() + " (person " + request.personTag() + "): " + request.deletedRows()
                + " local row(s) deleted; " + request.tasks().stream().map(task -> task.destination() + " "
                + task.status() + (task.detail() == null ? "" : " (" + task.detail() + ")"))
                .collect(Collectors.joining("; "));
    }
}
