package ai.sahha.bridge.commands;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import ai.sahha.bridge.BridgeApplication;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * {@code java -XX:AOTCacheOutput=app.aot -jar app.jar aot-training [webhooks]}: the training run of an AOT cache
 * (JDK 25, JEP 483/514/515). It starts the bridge on an embedded database in a temporary folder with Customer.io
 * pointed at a stand-in inside this process, sends signed webhooks of every type the way Sahha does (with some
 * duplicates and some refused ones), waits until Customer.io has them, and stops, so that the JVM writes the cache
 * of what serving webhooks and delivering them loaded, linked and profiled. {@code docker/aot-cache.sh} runs it
 * when the image is built; the benchmarks run the same script.
 */
public final class AotTrainingCommand {

    public static final String NAME = "aot-training";

    private static final String SECRET = "aot-training-secret";
    private static final String[] EVENT_TYPES = {"ArchetypeCreatedIntegrationEvent", "ScoreCreatedIntegrationEvent",
            "BiomarkerCreatedIntegrationEvent", "DataLogReceivedIntegrationEvent"};

    private AotTrainingCommand() {
    }

    /** Returns the exit code: 0 when every accepted webhook was delivered to the stand-in. */
    public static int run(String[] args) throws Exception {
        int webhooks = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
        Path data = Files.createTempDirectory("bridge-aot-training");
        HttpServer customerIo = customerIoStandIn();
        try (ConfigurableApplicationContext bridge = new SpringApplicationBuilder(BridgeApplication.class).run(
                "--bridge.data-dir=" + data, "--server.port=0", "--management.server.port=0",
                "--server.address=127.0.0.1", "--management.server.address=127.0.0.1",
                "--bridge.webhook.secret=" + SECRET, "--bridge.webhook.max-record-age=0",
                "--bridge.destinations.customerio.credentials.site-id=training",
                "--bridge.destinations.customerio.credentials.api-key=training",
                "--bridge.destinations.customerio.base-url=http://127.0.0.1:" + customerIo.getAddress().getPort(),
                "--bridge.destinations.customerio.events.data-logs=true", "--logging.level.root=WARN",
                "--logging.level.ai.sahha.bridge=ERROR")) {
            int port = bridge.getEnvironment().getProperty("local.server.port", Integer.class);
            int accepted = send(port, webhooks);
            MeterRegistry meters = bridge.getBean(MeterRegistry.class);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (delivered(meters) < accepted && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            System.out.printf("AOT training: %d webhooks sent, %d accepted, %.0f delivered to the stand-in%n",
                    webhooks, accepted, delivered(meters));
            return delivered(meters) >= accepted ? 0 : 1;
        } finally {
            customerIo.stop(0);
            FileSystemUtils.deleteRecursively(data);
        }
    }

    /** Sends the webhooks from a few threads; returns how many were accepted (first time, journaled). */
    private static int send(int port, int webhooks) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/webhooks/sahha");
        ExecutorService senders = Executors.newFixedThreadPool(8);
        AtomicInteger accepted = new AtomicInteger();
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                int first = thread;
                sent.add(senders.submit(() -> {
                    for (int i = first; i < webhooks; i += 8) {
                        String person = "training-" + (i % 2000);
                        String eventType = EVENT_TYPES[i % EVENT_TYPES.length];
                        byte[] body = body(eventType, person, i).getBytes(StandardCharsets.UTF_8);
                        String signature = i % 50 == 7 ? "0".repeat(64) : sign(body); // some refused with 401
                        for (int copy = 0; copy < (i % 20 == 3 ? 2 : 1); copy++) { // and some redelivered
                            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri)
                                    .header("Content-Type", "application/json").header("X-Signature", signature)
                                    .header("X-External-Id", person).header("X-Event-Type", eventType)
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (answer.statusCode() == 200 && answer.body().equals("{\"received\":true}")) {
                                accepted.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> thread : sent) {
                thread.get();
            }
        } finally {
            senders.shutdown();
        }
        return accepted.get();
    }

    private static String body(String eventType, String person, int i) {
        String created = Instant.now().toString();
        String id = "\"id\":\"" + java.util.UUID.nameUUIDFromBytes((person + i).getBytes(StandardCharsets.UTF_8))
                + "\",\"profileId\":\"6be989eb-813c-4380-be85-a6a7d787da70\",\"accountId\":"
                + "\"a17fd912-46a2-48aa-be3e-1146ee2cd258\",\"externalId\":\"" + person + "\",";
        return switch (eventType) {
            case "ScoreCreatedIntegrationEvent" -> "{" + id + "\"type\":\"sleep\",\"state\":\"high\",\"score\":0.8"
                    + i % 10 + ",\"factors\":[{\"id\":\"f\",\"name\":\"sleep_duration\",\"value\":460,\"goal\":480,"
                    + "\"score\":0.9,\"state\":\"high\",\"unit\":\"minute\"}],\"dataSources\":[\"sleep\"],"
                    + "\"scoreDateTime\":\"2026-11-30T00:00:00+12:00\",\"createdAtUtc\":\"" + created
                    + "\",\"version\":1}";
            case "BiomarkerCreatedIntegrationEvent" -> "{" + id + "\"category\":\"activity\",\"type\":\"steps\","
                    + "\"periodicity\":\"daily\",\"aggregation\":\"total\",\"value\":\"" + (8000 + i)
                    + "\",\"unit\":\"count\",\"valueType\":\"integer\",\"startDateTime\":"
                    + "\"2026-11-30T00:00:00+12:00\",\"endDateTime\":\"2026-11-30T23:59:59+12:00\","
                    + "\"createdAtUtc\":\"" + created + "\",\"version\":1}";
            case "DataLogReceivedIntegrationEvent" -> "{\"externalId\":\"" + person + "\",\"logType\":\"activity\","
                    + "\"dataType\":\"StepCount\",\"receivedAtUtc\":\"" + created + "\",\"dataLogs\":[{\"id\":\""
                    + i + "\",\"value\":12,\"unit\":\"count\",\"startDateTime\":\"2026-11-30T08:00:00+12:00\","
                    + "\"endDateTime\":\"2026-11-30T08:01:00+12:00\"}]}";
            default -> "{" + id + "\"name\":\"sleep_duration\",\"value\":\"" + (i % 3 == 0 ? "short" : "long")
                    + "_sleeper\",\"dataType\":\"ordinal\",\"periodicity\":\"weekly\",\"ordinality\":1,"
                    + "\"startDateTime\":\"2026-11-23T00:00:00+12:00\",\"endDateTime\":\"2026-11-30T00:00:00+12:00\","
                    + "\"createdAtUtc\":\"" + created + "\",\"version\":1}";
        };
    }

    private static String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double delivered(MeterRegistry meters) {
        return meters.find("bridge.deliveries").tag("outcome", "delivered").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** Answers Customer.io's Track API (single calls and batches) as it does on success. */
    private static HttpServer customerIoStandIn() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return server;
    }
}
