package ai.sahha.bridge.commands;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import ai.sahha.bridge.Times;
import ai.sahha.bridge.AuditLog;
import ai.sahha.bridge.backfill.Backfill;
import ai.sahha.bridge.backfill.BackfillJobs;
import ai.sahha.bridge.backfill.BackfillRequest;
import ai.sahha.bridge.backfill.SahhaApiException;
import ai.sahha.bridge.config.BridgeConfiguration;
import ai.sahha.bridge.config.BridgeProperties;
import ai.sahha.bridge.journal.Journal;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code java -jar bridge.jar backfill (--all | --file IDS | --external-id ID) [--since DATE] [--until DATE]
 * [--scores] [--include-samples] [--setting=value ...]}: reads archetypes (and scores) from the Sahha API and
 * journals them for delivery, with a progress bar. Same configuration as the server; works whether or not the
 * server runs on the same database. Ctrl-C stops after the current profile; the same command resumes.
 */
public final class BackfillCommand {

    public static final String NAME = "backfill";
    static final String USAGE = """
            usage: java -jar sahha-cx-bridge.jar backfill (--all | --file IDS.txt | --external-id ID)
                     [--since 2026-01-01] [--until 2026-02-01] [--scores] [--include-samples] [--setting=value ...]
              --all               every profile of the Sahha account
              --file IDS.txt      the externalIds in a file, one a line (a CSV's first column)
              --external-id ID    one person
              --since, --until    the period to read (default: the last bridge.backfill.default-window)
              --scores            scores too, not only archetypes
              --include-samples   with the samples Sahha keeps for scores
            Works whether or not the bridge runs on the same database; Ctrl-C stops after the current profile,
            and the same command resumes. Exit codes: 0 complete, 1 failed, 2 wrong usage, 130 stopped.""";
    private static final int BAR_WIDTH = 30;

    private BackfillCommand() {
    }

    /** Runs the command; returns the exit code (0 complete, 1 failed, 2 usage, 130 stopped). */
    public static int run(String[] args, PrintStream out, PrintStream err, AtomicBoolean stop) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException | IOException e) {
            return CommandLine.usageError(err, NAME, e.getMessage()).getAsInt();
        }
        try (ConfigurableApplicationContext context = CommandContext.start(options.settings.toArray(String[]::new))) {
            BridgeProperties properties = context.getBean(BridgeProperties.class);
            BackfillRequest request = options.request(properties.backfill().defaultWindow());
            Clock clock = Clock.systemUTC();
            DataSource dataSource = context.getBean(DataSource.class);
            Journal journal = new Journal(dataSource, properties.journal().queueCapacity(),
                    properties.journal().maxBatch(), clock);
            try {
                Backfill backfill = BridgeConfiguration.backfill(properties, new BackfillJobs(dataSource, clock),
                        journal, BridgeConfiguration.eventRouting(properties), context.getBean(ObjectMapper.class),
                        clock);
                out.println("Backfilling " + request.describe() + " (job " + request.jobId() + ")");
                AuditLog.record(CommandContext.commandLineUser(), "start backfill", "job " + request.jobId() + ": "
                        + request.describe(), request.externalIds().size());
                ProgressBar bar = new ProgressBar(out, CommandLine.outputIsTerminal());
                BackfillJobs.Job job = backfill.run(request, bar::show, stop::get);
                bar.done(job);
                return switch (job.status()) {
                    case "COMPLETE" -> CommandLine.OK;
                    case "STOPPED" -> CommandLine.STOPPED;
                    default -> CommandLine.FAILED;
                };
            } finally {
                journal.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CommandLine.STOPPED;
        } catch (IllegalArgumentException | IllegalStateException | SahhaApiException e) {
            err.println("backfill: " + e.getMessage());
            return CommandLine.FAILED;
        }
    }

    /** For {@code main}: Ctrl-C stops after the current profile, and waits for that. */
    static int runWithShutdownHook(String[] args, PrintStream out, PrintStream err) {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.set(true);
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            return run(args, out, err, stop);
        } finally {
            finished.countDown();
        }
    }

    private record Options(BackfillRequest.Source source, List<String> externalIds, Instant since, Instant until,
                           boolean scores, boolean samples, List<String> settings) {

        static Options parse(String[] args) throws IOException {
            BackfillRequest.Source source = null;
            List<String> ids = new ArrayList<>();
            Instant since = null;
            Instant until = null;
            boolean scores = false;
            boolean samples = false;
            List<String> settings = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                switch (name) {
                    case "--all" -> source = one(source, BackfillRequest.Source.ALL);
                    case "--scores" -> scores = true;
                    case "--include-samples" -> samples = true;
                    case "--file", "--external-id", "--since", "--until" -> {
                        String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
                                : i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : null;
                        if (value == null || value.isBlank()) {
                            throw new IllegalArgumentException(name + " needs a value");
                        }
                        switch (name) {
                            case "--file" -> {
                                source = one(source, BackfillRequest.Source.LIST);
                                ids.addAll(readIds(Path.of(value)));
                            }
                            case "--external-id" -> {
                                source = one(source, BackfillRequest.Source.ONE);
                                ids.add(value);
                            }
                            case "--since" -> since = instant(value);
                            default -> until = instant(value);
                        }
                    }
                    default -> {
                        if (!CommandLine.isSetting(arg)) {
                            throw new IllegalArgumentException("unknown argument " + arg);
                        }
                        settings.add(arg);
                    }
                }
            }
            if (source == null) {
                throw new IllegalArgumentException("say what to backfill: --all, --file or --external-id");
            }
            return new Options(source, ids, since, until, scores, samples, settings);
        }

        BackfillRequest request(Duration defaultWindow) {
            Instant end = until == null ? Instant.now() : until;
            return new BackfillRequest(source, externalIds, since == null ? end.minus(defaultWindow) : since, end,
                    scores, samples);
        }

        private static BackfillRequest.Source one(BackfillRequest.Source current, BackfillRequest.Source chosen) {
            if (current != null) {
                throw new IllegalArgumentException("give only one of --all, --file and --external-id");
            }
            return chosen;
        }

        /** One externalId a line (the first CSV column); blank lines, # comments and an external_id header skipped. */
        private static List<String> readIds(Path file) throws IOException {
            List<String> ids = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String id = line.replace("\uFEFF", "").split(",", 2)[0].strip();
                if (!id.isEmpty() && !id.startsWith("#") && !id.equalsIgnoreCase("external_id")
                        && !id.equalsIgnoreCase("externalId")) {
                    ids.add(id);
                }
            }
            if (ids.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no externalId");
            }
            return ids;
        }

        private static Instant instant(String value) {
            try {
                return Times.dateOrInstant(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(value + " is not a date (2026-01-01) or an instant");
            }
        }
    }

    /** Count, rate and ETA: redrawn in place on a terminal, a line every few seconds otherwise. */
    private static final class ProgressBar {

        private final PrintStream out;
        private final boolean terminal;
        private final long startedAt = System.nanoTime();
        private long lastShown;
        /** profiles done before this run (a resumed job), known at the first update */
        private Integer doneBefore;

        ProgressBar(PrintStream out, boolean terminal) {
            this.out = out;
            this.terminal = terminal;
        }

        void show(BackfillJobs.Job job) {
            if (doneBefore == null) {
                doneBefore = Math.max(0, job.done() - 1);
                if (doneBefore > 0) {
                    out.println("Resuming: " + doneBefore + " profile(s) were done before");
                }
            }
            long now = System.nanoTime();
            if (now - lastShown < (terminal ? 200_000_000L : 5_000_000_000L)) {
                return;
            }
            lastShown = now;
            out.print((terminal ? "\r" : "") + line(job) + (terminal ? "" : System.lineSeparator()));
            out.flush();
        }

        void done(BackfillJobs.Job job) {
            out.print((terminal ? "\r" : "") + line(job) + System.lineSeparator());
            out.println("Backfill " + job.status().toLowerCase() + ": " + job.done() + " profile(s), "
                    + job.records() + " new record(s) journaled for delivery"
                    + (job.lastError() == null ? "" : " — " + job.lastError())
                    + ("STOPPED".equals(job.status()) ? " (run the same command to resume)" : ""));
        }

        private String line(BackfillJobs.Job job) {
            int total = Math.max(job.total(), job.done());
            int filled = total == 0 ? 0 : (int) ((long) BAR_WIDTH * job.done() / total);
            double seconds = Math.max(0.001, (System.nanoTime() - startedAt) / 1e9);
            double rate = Math.max(0, job.done() - (doneBefore == null ? job.done() : doneBefore)) / seconds;
            String eta = rate <= 0 || total <= job.done() ? "--:--" : clock((long) ((total - job.done()) / rate));
            return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + job.done() + "/" + total
                    + " profiles  " + String.format("%.1f/s", rate) + "  ETA " + eta + "  " + job.records()
                    + " records";
        }

        private static String clock(long seconds) {
            return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                    : String.format("%d:%02d", seconds / 60, seconds % 60);
        }
    }
}
