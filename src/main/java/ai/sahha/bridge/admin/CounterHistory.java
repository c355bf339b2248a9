package ai.sahha.bridge.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;

/**
 * This replica's {@code bridge.*} counters as they stood every {@value #EVERY_SECONDS} s over the last hour, so that
 * the console can say how much happened in the last minute or hour (a counter alone only knows its total since start).
 */
public final class CounterHistory implements AutoCloseable {

    static final int EVERY_SECONDS = 10;
    private static final int KEPT = 3600 / EVERY_SECONDS + 1;

    private record Sample(long at, Map<Meter.Id, Double> totals) {
    }

    private final MeterRegistry meters;
    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final ScheduledExecutorService sampler;

    public CounterHistory(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
        sample();
        sampler = Executors.newSingleThreadScheduledExecutor(run -> {
            Thread thread = new Thread(run, "console-counter-history");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(this::sample, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    synchronized void sample() {
        Map<Meter.Id, Double> totals = new HashMap<>();
        for (Counter counter : Search.in(meters).name(name -> name.startsWith("bridge.")).counters()) {
            totals.put(counter.getId(), counter.count());
        }
        samples.addLast(new Sample(clock.millis(), totals));
        while (samples.size() > KEPT) {
            samples.removeFirst();
        }
    }

    /**
     * How much the counters named {@code name} with these tags (key, value, ...) rose within the last
     * {@code window}, summed; since start when the replica is younger than that.
     */
    public synchronized long increase(String name, Duration window, String... tags) {
        Search search = Search.in(meters).name(name).tags(tags);
        long from = clock.millis() - window.toMillis();
        Sample base = samples.peekFirst();
        for (Sample sample : samples) {
            if (sample.at() >= from) {
                break;
            }
            base = sample;
        }
        double rise = 0;
        for (Counter counter : search.counters()) {
            Double before = base == null ? null : base.totals().get(counter.getId());
            rise += counter.count() - (before == null ? 0 : before);
        }
        return Math.round(rise);
    }

    /** The total of the counters named {@code name} with these tags since this replica started. */
    public long total(String name, String... tags) {
        return Math.round(Search.in(meters).name(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum());
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
