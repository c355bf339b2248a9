package ai.sahha.bridge.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ai.sahha.bridge.BridgeApplication;

/**
 * The bridge in a child JVM, with the test classpath and the packaged configuration, for what only a separate
 * process shows: a kill -9, the sockets it listens on, a command run beside it. Its log is {@code bridge.log} in
 * its data folder.
 */
public final class ChildBridge implements AutoCloseable {

    private final Process process;
    private final int port;
    private final int managementPort;

    private ChildBridge(Process process, int port, int managementPort) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
    }

    /** Starts a bridge on the embedded database in {@code data} and waits until it takes webhooks. */
    public static ChildBridge start(Path data, Map<String, String> settings, String... jvmOptions) throws IOException {
        return start(null, Map.of(), data, settings, jvmOptions);
    }

    /**
     * The same, in {@code workingDirectory} (its routes/ and config/, as a deployment has them beside the jar; null:
     * this one) and with these environment variables.
     */
    public static ChildBridge start(Path workingDirectory, Map<String, String> environment, Path data,
                                    Map<String, String> settings, String... jvmOptions) throws IOException {
        ChildBridge bridge = launch(workingDirectory, environment, data, settings, jvmOptions);
        bridge.awaitUp();
        return bridge;
    }

    /** Starts the bridge and returns at once, before it takes webhooks. */
    public static ChildBridge launch(Path workingDirectory, Map<String, String> environment, Path data,
                                     Map<String, String> settings, String... jvmOptions) throws IOException {
        int port = freePort();
        int managementPort = freePort();
        Map<String, String> all = new TreeMap<>(Map.of("server.port", String.valueOf(port),
                "management.server.port", String.valueOf(managementPort), "bridge.data-dir", data.toString(),
                "bridge.webhook.secret", Webhooks.SECRET));
        all.putAll(settings);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BridgeApplication.class.getName()));
        all.forEach((key, value) -> command.add("--" + key + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(data.resolve("bridge.log").toFile());
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        builder.environment().putAll(environment);
        return new ChildBridge(builder.start(), Integer.parseInt(all.get("server.port")),
                Integer.parseInt(all.get("management.server.port")));
    }

    /** Waits until the bridge takes webhooks. */
    public void awaitUp() {
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> Webhooks.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/health")).GET().build()).statusCode() == 200);
    }

    /** SIGTERM, as a deployment stops it; true when it ended within {@code grace}. */
    public boolean terminate(Duration grace) throws InterruptedException {
        process.destroy();
        return process.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public boolean alive() {
        return process.isAlive();
    }

    public int port() {
        return port;
    }

    public int managementPort() {
        return managementPort;
    }

    public long pid() {
        return process.pid();
    }

    /** kill -9. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
