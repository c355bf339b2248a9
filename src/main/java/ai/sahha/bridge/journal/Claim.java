package ai.sahha.bridge.journal;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one claim handed out for one destination: due delivery rows ({@code rows}, their ids) and, after them, the
 * events of a range of the journal starting at {@code range} (null when none was free). Its leases are renewed
 * while it is in progress; when a renewal fails the claim is {@link #abandoned()}: what is left of it is another
 * replica's to deliver. {@link DeliveryStore#finish} marks the range done.
 */
public record Claim(String destination, List<DeliveryJob> jobs, Long range, List<Long> rows, AtomicBoolean lost) {

    /** True once this replica no longer holds the claim: send nothing more of it, record nothing more of it. */
    public boolean abandoned() {
        return lost.get();
    }
}
