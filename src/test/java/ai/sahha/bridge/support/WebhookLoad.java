package ai.sahha.bridge.support;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static ai.sahha.bridge.support.Webhooks.archetype;
import static ai.sahha.bridge.support.Webhooks.json;
import static ai.sahha.bridge.support.Webhooks.post;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Webhooks from four senders, a new person each time, until stopped, as Sahha sends them while a deployment restarts
 * or its database is away: the people answered 200, and every answer other than 200, 503 or a refused connection.
 */
public final class WebhookLoad implements AutoCloseable {

    public final Set<String> accepted = ConcurrentHashMap.newKeySet();
    public final List<String> unexpected = new CopyOnWriteArrayList<>();
    public final AtomicInteger unavailable = new AtomicInteger();
    private final String prefix;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger next = new AtomicInteger();
    private final ExecutorService senders = Executors.newFixedThreadPool(4);

    public WebhookLoad(String prefix) {
        this.prefix = prefix;
    }

    /** Starts sending to the port {@code port} says at each send (a load balancer may take turns). */
    public WebhookLoad start(IntSupplier port) {
        for (int thread = 0; thread < 4; thread++) {
            senders.submit(() -> {
                while (running.get()) {
                    String person = prefix + next.getAndIncrement();
                    try {
                        var answer = post(port.getAsInt(), ARCHETYPE, person, json(archetype(person,
                                "short_sleeper", "2025-07-13T13:08:53Z")));
                        if (answer.statusCode() == 200) {
                            accepted.add(person);
                        } else if (answer.statusCode() == 503 && answer.headers().firstValue("Retry-After")
                                .isPresent()) {
                            unavailable.incrementAndGet();
                            pause();
                        } else {
                            unexpected.add(person + ": " + answer.statusCode() + " " + answer.body());
                        }
                    } catch (RuntimeException refusedOrReset) {
                        pause(); // the port is closed: Sahha retries later
                    }
                }
            });
        }
        return this;
    }

    public void stop() throws InterruptedException {
        running.set(false);
        senders.shutdown();
        senders.awaitTermination(60, TimeUnit.SECONDS);
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
