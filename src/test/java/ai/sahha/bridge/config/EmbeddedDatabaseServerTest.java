package ai.sahha.bridge.config;

import static ai.sahha.bridge.support.SahhaApiStandIn.archetype;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import ai.sahha.bridge.commands.BackfillCommand;
import ai.sahha.bridge.commands.ImportIdentitiesCommand;
import ai.sahha.bridge.support.ChildBridge;
import ai.sahha.bridge.support.SahhaApiStandIn;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.VendorStandIn;
import ai.sahha.bridge.support.Webhooks;
import org.junit.jupiter.api.Test;

/**
 * Finding 2 of the security review: {@code AUTO_SERVER=TRUE} started H2's TCP server on every interface, user
 * {@code sa} with no password. A bridge in a child process now listens only on its two named ports (every
 * interface) and on loopback; the commands still work beside it, through that loopback server and the password
 * the bridge generated into its data folder.
 */
class EmbeddedDatabaseServerTest {

    @Test
    void theBridgeListensOnLoopbackOnlyBesideItsTwoPortsAndTheCommandsStillWorkBesideIt() throws Exception {
        assumeThat(Files.exists(Path.of("/proc/net/tcp"))).as("listening sockets are read from Linux's /proc").isTrue();
        Path data = TestDataDirs.create("h2-server");
        try (SahhaApiStandIn sahha = new SahhaApiStandIn(); VendorStandIn vendors = new VendorStandIn();
             ChildBridge bridge = ChildBridge.start(data, Map.of("bridge.destinations.segment.credentials.write-key", "key",
                     "bridge.destinations.segment.base-url", vendors.baseUrl(),
                     "bridge.destinations.segment.poll-interval-ms", "100"))) {
            Set<Listener> listeners = listening(bridge.pid());
            assertThat(listeners).extracting(Listener::port).contains(bridge.port(), bridge.managementPort());
            assertThat(listeners).as("H2's server, on loopback").anyMatch(listener -> listener.loopback()
                    && listener.port() != bridge.port() && listener.port() != bridge.managementPort());
            assertThat(listeners).allSatisfy(listener -> assertThat(listener.loopback()
                    || listener.port() == bridge.port() || listener.port() == bridge.managementPort())
                    .as("%s", listener).isTrue());
            assertThat(data.resolve("bridge.h2-password")).isNotEmptyFile();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("bridge.h2-password"))))
                    .isEqualTo("rw-------");

            Path csv = data.resolve("people.csv");
            Files.writeString(csv, "external_id,email\nbeside-1,beside1@example.com\n");
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
            assertThat(ImportIdentitiesCommand.run(new String[] {csv.toString(), "--bridge.data-dir=" + data}, out, out))
                    .as(output.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(Webhooks.manage(bridge.managementPort(), "GET", "identities", null).body())
                    .isEqualTo("{\"mappings\":1}");

            sahha.archetypes("beside-2", List.of(archetype("short_sleeper", "2025-07-07")));
            assertThat(BackfillCommand.run(new String[] {"--external-id", "beside-2", "--since=2025-06-01",
                    "--until=2025-08-01", "--bridge.data-dir=" + data, "--bridge.sahha-api.base-url=" + sahha.baseUrl(),
                    "--bridge.sahha-api.client-id=client", "--bridge.sahha-api.client-secret=secret",
                    "--bridge.destinations.segment.credentials.write-key=key"}, out, out, new AtomicBoolean()))
                    .as(output.toString(StandardCharsets.UTF_8)).isZero();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    vendors.calls("POST", VendorStandIn.SEGMENT_TRACK, "beside-2")).hasSize(1));
        }
    }

    /** A listening TCP socket: its local address (as /proc shows it) and port. */
    record Listener(String address, int port) {

        boolean loopback() {
            return address.startsWith("7F") && address.length() == 8 // 127.x.x.x, IPv4 in host byte order
                    || address.equals("00000000000000000000000001000000") // ::1
                    || address.startsWith("0000000000000000FFFF0000") && address.endsWith("7F"); // ::ffff:127.x
        }
    }

    /** The process's listening sockets: its socket inodes matched against /proc/net/tcp and tcp6. */
    static Set<Listener> listening(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            });
        }
        Set<Listener> listeners = new HashSet<>();
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            for (String line : Files.readAllLines(Path.of(table)).subList(1, Files.readAllLines(Path.of(table)).size())) {
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                if ("0A".equals(fields[3]) && inodes.contains(fields[9])) { // 0A: LISTEN
                    listeners.add(new Listener(reverseIpv4(local[0]), Integer.parseInt(local[1], 16)));
                }
            }
        }
        return listeners;
    }

    /** /proc writes an IPv4 address as the hex of a little-endian int: 0100007F is 127.0.0.1. */
    private static String reverseIpv4(String hex) {
        return hex.length() == 8 ? hex.substring(6, 8) + hex.substring(4, 6) + hex.substring(2, 4) + hex.substring(0, 2)
                : hex;
    }
}
