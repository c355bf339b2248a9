package ai.sahha.bridge.intake;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The idempotent consumer's fast memory of webhooks received by this process, keyed by content hash: a bounded,
 * expiring Caffeine cache with an atomic add, so concurrent redeliveries are caught too. The durable memory is the
 * journal's receipt table, written in the same transaction as the event; it catches what this cache cannot see
 * (other replicas, earlier runs) when the journal writes.
 */
public class ReceiptRepository extends ServiceSupport implements IdempotentRepository {

    private final Cache<String, Boolean> recent;

    public ReceiptRepository(long maximumSize, Duration expiry) {
        this.recent = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(expiry)
                // upkeep on the calling thread: a hand-off to the common pool per webhook costs more than it does
                .executor(Runnable::run).build();
    }

    @Override
    public boolean add(String contentHash) {
        return recent.asMap().putIfAbsent(contentHash, Boolean.TRUE) == null;
    }

    @Override
    public boolean contains(String contentHash) {
        return recent.getIfPresent(contentHash) != null;
    }

    /** Called when the webhook was not journaled (the caller got an error and will retry): forget it. */
    @Override
    public boolean remove(String contentHash) {
        recent.invalidate(contentHash);
        return true;
    }

    @Override
    public boolean confirm(String contentHash) {
        return true;
    }

    @Override
    public void clear() {
        recent.invalidateAll();
    }
}
