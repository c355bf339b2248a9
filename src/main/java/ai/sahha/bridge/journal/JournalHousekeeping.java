package ai.sahha.bridge.journal;

import java.time.Duration;

/** What the housekeeping route runs: bounded dedupe memory and journal size. */
public class JournalHousekeeping {

    private final DeliveryStore store;
    private final Duration dedupeWindow;
    private final Duration retention;

    public JournalHousekeeping(DeliveryStore store, Duration dedupeWindow, Duration retention) {
        this.store = store;
        this.dedupeWindow = dedupeWindow;
        this.retention = retention;
    }

    public int purgeExpired() {
        return store.purge(dedupeWindow, retention);
    }
}
