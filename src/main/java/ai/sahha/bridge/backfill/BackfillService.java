package ai.sahha.bridge.backfill;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backfill inside the running bridge: one job at a time on a thread of its own, started and watched through the
 * admin endpoint, and the scheduled reconciliation. The Sahha API client is made at the first job, so a bridge
 * without API credentials starts (and says what is missing when a backfill is asked for).
 */
public class BackfillService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillService.class);

    private final Supplier<Backfill> backfill;
    private final BackfillJobs jobs;
    private final Clock clock;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "backfill");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<String> running = new AtomicReference<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    public BackfillService(Supplier<Backfill> backfill, BackfillJobs jobs, Clock clock) {
        this.backfill = backfill;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** Starts the request's job (resuming it if it was stopped); returns its id. */
    public String start(BackfillRequest request) {
        Backfill ready = backfill.get(); // a SahhaApiException here, to the caller, when the API is not configured
        if (!running.compareAndSet(null, request.jobId())) {
            throw new IllegalStateException("backfill " + running.get() + " is running: stop it first");
        }
        stop.set(false);
        runner.submit(() -> {
            try {
                ready.run(request, job -> { }, stop::get);
            } finally {
                running.set(null);
            }
        });
        return request.jobId();
    }

    /** Asks the running job to stop after its current profile; it can be resumed by starting it again. */
    public boolean stop() {
        stop.set(true);
        return running.get() != null;
    }

    /** Re-reads every profile's recent archetypes; only what differs from what each destination has is sent. */
    public void reconcile(Duration window) {
        try {
            start(new BackfillRequest(BackfillRequest.Source.ALL, List.of(), clock.instant().minus(window),
                    clock.instant(), false, false));
        } catch (IllegalStateException busy) {
            LOG.info("Reconciliation skipped: {}", busy.getMessage()); // the next scheduled run reconciles
        } catch (SahhaApiException notConfigured) {
            LOG.warn("Reconciliation cannot run: {}", notConfigured.getMessage());
        }
    }

    public List<BackfillJobs.Job> recent() {
        return jobs.recent(20);
    }

    public String running() {
        return running.get();
    }

    @Override
    public void close() {
        stop.set(true);
        runner.shutdownNow();
    }
}
