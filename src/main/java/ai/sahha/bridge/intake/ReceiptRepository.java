package ai.sahha.bridge.intake;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The idempotent consumer's fast memory of webhooks received by this process, keyed by receipt key: a bounded,
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
    public boolean add(String receiptKey) {
        return recent.asMap().putIfAbsent(receiptKey, Boolean.TRUE) == null;
    }

    @Override
    public boolean contains(String receiptKey) {
        return recent.getIfPresent(receiptKey) != null;
    }

    /** Called when the webhook was not journaled (the caller got an error and will retry): forget it. */
    @Override
    public boolean remove(String receiptKey) {
        recent.invalidate(receiptKey);
        return true;
    }

    @Override
    public boolean confirm(String receiptKey) {
        return true;
    }

    @Override
    public void clear() {
        recent.invalidateAll();
    }
}
