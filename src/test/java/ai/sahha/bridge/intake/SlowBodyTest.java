package ai.sahha.bridge.intake;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static ai.sahha.bridge.support.Webhooks.archetype;
import static ai.sahha.bridge.support.Webhooks.json;
import static ai.sahha.bridge.support.Webhooks.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Finding 3 of the security review, at small scale over real sockets: the body guard allocated the declared
 * Content-Length up front and then blocked a request thread reading it, so a few hundred slow clients held every
 * thread and most of the heap. Here the request threads are ten, the bodies being received may hold 16 KB together,
 * and a body has one second to arrive ({@code bench/slow-bodies.py} measures the real sizes against the jar).
 */
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bridge.webhook.secret=" + Webhooks.SECRET, "management.server.port=0",
                "server.tomcat.threads.max=10", "bridge.webhook.max-body-size=64KB",
                "bridge.webhook.max-buffered-bytes=16KB", "bridge.webhook.body-timeout=1s"})
@DirtiesContext
class SlowBodyTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", () -> TestDataDirs.create("slow-bodies").toString());
    }

    @LocalServerPort
    int port;

    @Test
    void slowSendersHoldNoThreadAndAWebhookGetsItsAnswerMeanwhile() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 25; i++) { // more than the request threads, each declaring 60 KB
                Socket socket = open(60_000);
                socket.getOutputStream().write('{');
                slow.add(socket);
            }
            long started = System.nanoTime();
            HttpResponse<String> answer = post(port, ARCHETYPE, "slow-1", json(archetype("slow-1", "short_sleeper",
                    "2025-07-13T13:08:53Z")));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat((System.nanoTime() - started) / 1_000_000).as("ms to the answer").isLessThan(900);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void pastTheSharedMemoryCapWebhooksAre503WithRetryAfterUntilItFreesUp() throws Exception {
        try (Socket hog = open(40_000)) {
            hog.getOutputStream().write(new byte[12_000]); // its buffer grows to 16 KB: all there is
            hog.getOutputStream().flush();
            Thread.sleep(200);
            HttpResponse<String> refused = post(port, ARCHETYPE, "capped-1", json(archetype("capped-1",
                    "short_sleeper", "2025-07-13T13:08:53Z")));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.body()).contains("retry later");
        }
        Thread.sleep(1500); // the hog's deadline passed: its memory is free again
        assertThat(post(port, ARCHETYPE, "capped-1", json(archetype("capped-1", "short_sleeper",
                "2025-07-13T13:08:53Z"))).statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyThatTricklesInIsCutOffAtItsDeadlineAndTheConnectionClosed() throws Exception {
        try (Socket trickle = open(100)) {
            trickle.setSoTimeout(5000);
            long started = System.nanoTime();
            OutputStream out = trickle.getOutputStream();
            InputStream in = trickle.getInputStream();
            StringBuilder answer = new StringBuilder();
            // a byte every 100 ms: a read timeout would never fire, the whole-body deadline does
            for (int i = 0; i < 40 && answer.indexOf("\r\n\r\n") < 0; i++) {
                try {
                    out.write('x');
                    out.flush();
                } catch (IOException closed) {
                    break;
                }
                Thread.sleep(100);
                while (in.available() > 0) {
                    answer.append((char) in.read());
                }
            }
            assertThat(answer.toString()).startsWith("HTTP/1.1 408");
            assertThat(readToEnd(in)).as("the connection is closed").isTrue();
            assertThat((System.nanoTime() - started) / 1_000_000).isBetween(900L, 3000L);
        }
    }

    /** A POST of a webhook that declares {@code length} bytes and sends none of them yet. */
    private Socket open(int length) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.getOutputStream().write(("POST /webhooks/sahha HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + length + "\r\nX-Signature: " + "0".repeat(64)
                + "\r\nX-External-Id: slow\r\nX-Event-Type: " + ARCHETYPE + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return socket;
    }

    /** Reads until the server closes the connection; false when it is still open after the socket's timeout. */
    private static boolean readToEnd(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // the rest of the answer
            }
            return true;
        } catch (SocketTimeoutException open) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
