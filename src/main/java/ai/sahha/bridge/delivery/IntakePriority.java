package ai.sahha.bridge.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Gives webhook intake the machine while it is saturated. The sign is the journal's group commit: webhooks that
 * arrive while a commit is under way wait for the next one, so the webhooks per commit stay near one while the
 * bridge keeps up and grow when requests queue. While they average {@code busyBatch} or more, the destinations'
 * pollers claim nothing, for at most {@code maxPause} in a row; the backlog is delivered after the burst (or alongside
 * it, should it last longer). Sahha waits on the ACKs; a burst's deliveries wait on the vendors' rate limits anyway.
 * A destination whose vendor's rate limit, not the bridge, sets the pace of a burst (mParticle's batches per second)
 * is better left running: pausing it only makes the burst end later.
 */
public class IntakePriority {

    private static final long SAMPLE_MILLIS = 1000;

    private final LongSupplier written;
    private final LongSupplier commits;
    private final double busyBatch;
    private final long maxPauseMillis;
    private final Clock clock;
    private long sampledAt;
    private long sampledWritten;
    private long sampledCommits;
    private double perCommit;
    private long pausedSince = -1;
    private volatile Set<String> pausing = Set.of();

    /** @param busyBatch 0 never pauses delivery */
    public IntakePriority(LongSupplier written, LongSupplier commits, double busyBatch, Duration maxPause,
                          Clock clock) {
        this.written = written;
        this.commits = commits;
        this.busyBatch = busyBatch;
        this.maxPauseMillis = maxPause.toMillis();
        this.clock = clock;
        this.sampledAt = clock.millis();
        this.sampledWritten = written.getAsLong();
        this.sampledCommits = commits.getAsLong();
    }

    /** The destinations that step aside for intake (setting {@code pause-for-intake}). */
    public void pausing(Set<String> destinations) {
        this.pausing = Set.copyOf(destinations);
    }

    /** For a destination's poller: true while it steps aside. */
    public boolean deliveryWaits(String destination) {
        return pausing.contains(destination) && deliveryWaits();
    }

    /** True while delivery steps aside for intake. */
    public synchronized boolean deliveryWaits() {
        long now = clock.millis();
        if (now - sampledAt >= SAMPLE_MILLIS) {
            long writtenNow = written.getAsLong();
            long commitsNow = commits.getAsLong();
            perCommit = commitsNow == sampledCommits ? 0
                    : (writtenNow - sampledWritten) / (double) (commitsNow - sampledCommits);
            sampledAt = now;
            sampledWritten = writtenNow;
            sampledCommits = commitsNow;
        }
        if (busyBatch <= 0 || perCommit < busyBatch) {
            pausedSince = -1;
            return false;
        }
        if (pausedSince < 0) {
            pausedSince = now;
        }
        return now - pausedSince < maxPauseMillis;
    }

    /** Webhooks written per journal commit over the last second. */
    public synchronized double webhooksPerCommit() {
        return perCommit;
    }
}
