package ai.sahha.bridge.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.TestDataDirs;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar sahha-cx-bridge.jar ...} as an operator types it, in a child JVM with no setting at all (no webhook
 * secret, no database folder): help answers 0 on stdout, a mistake answers 2 with one line on stderr, and neither
 * starts the server.
 */
class CommandLineTest {

    @Test
    void helpPrintsUsageAndExitsZeroWithoutAnySetting() throws Exception {
        for (String[] help : new String[][] {{"--help"}, {"-h"}, {"help"}}) {
            Run run = run(help);
            assertThat(run.exit).as(String.join(" ", help)).isZero();
            assertThat(run.out).contains("usage: java -jar sahha-cx-bridge.jar", "backfill", "import-identities",
                    "exit codes: 0 done, 1 failed, 2 wrong usage, 130 stopped");
            assertThat(run.err).isEmpty();
            assertThat(run.out).doesNotContain("Started", "Tomcat");
        }
    }

    @Test
    void eachCommandHasItsOwnHelp() throws Exception {
        Run backfill = run("backfill", "--help");
        assertThat(backfill.exit).isZero();
        assertThat(backfill.out).contains("backfill (--all | --file IDS.txt | --external-id ID)", "--scores");
        Run imports = run("help", "import-identities");
        assertThat(imports.exit).isZero();
        assertThat(imports.out).contains("import-identities FILE.csv", "external_id");
        assertThat(run("import-identities", "-h").out).isEqualTo(imports.out);
    }

    @Test
    void anUnknownCommandOrOptionExitsTwoWithOneLineOnStderrAndStartsNothing() throws Exception {
        for (String[] wrong : new String[][] {{"backfil"}, {"--verbose"}, {"--server.port=0", "serve"},
                {"help", "forgetting"}, {"backfill", "--everything"}, {"import-identities"}}) {
            Run run = run(wrong);
            assertThat(run.exit).as(String.join(" ", wrong)).isEqualTo(2);
            assertThat(run.err.lines()).as(String.join(" ", wrong)).hasSize(1)
                    .allSatisfy(line -> assertThat(line).startsWith("sahha-cx-bridge: ").contains("--help"));
            assertThat(run.out).as(String.join(" ", wrong)).isEmpty();
        }
        assertThat(run("--verbose").err).contains("unknown option '--verbose'");
        assertThat(run("backfil").err).contains("unknown command 'backfil'");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        Path dir = TestDataDirs.create("command-line");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BridgeApplication.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        builder.environment().remove("SAHHA_WEBHOOK_SECRET");
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + " did not exit: it started something");
        }
        return new Run(process.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }
}
