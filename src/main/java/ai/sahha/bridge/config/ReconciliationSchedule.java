package ai.sahha.bridge.config;

import java.time.Duration;

import ai.sahha.bridge.backfill.BackfillService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Runs the reconciliation on {@code bridge.backfill.reconcile-cron} (nothing when it is empty). Not an Executor
 * bean itself: one would turn off the task executor that platform-http runs webhooks on.
 */
class ReconciliationSchedule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReconciliationSchedule.class);

    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

    ReconciliationSchedule(String cron, Duration window, BackfillService backfill) {
        scheduler.setThreadNamePrefix("reconcile-");
        scheduler.initialize();
        if (cron != null && !cron.isBlank()) {
            scheduler.schedule(() -> backfill.reconcile(window), new CronTrigger(cron));
            LOG.info("Reconciliation with the Sahha API scheduled ({}), over the last {}", cron, window);
        }
    }

    @Override
    public void close() {
        scheduler.shutdown();
    }
}
