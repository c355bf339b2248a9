package ai.sahha.bridge.journal;

import java.util.List;

/**
 * What one claim handed out for one destination: due delivery rows and, after them, the events of a range of the
 * journal starting at {@code range} (null when none was free). {@link DeliveryStore#finish} marks the range done.
 */
public record Claim(String destination, List<DeliveryJob> jobs, Long range) {
}
