package ai.sahha.bridge.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Typed view of the {@code bridge.*} settings in {@code config/application.yaml}. */
@ConfigurationProperties("bridge")
public record BridgeProperties(String instanceId, Webhook webhook, Journal journal, Delivery delivery,
                               Destinations destinations) {

    public record Webhook(String secret, String previousSecret, DataSize maxBodySize) {
    }

    public record Journal(Duration dedupeWindow, long dedupeCacheSize, int queueCapacity, int maxBatch,
                          Duration commitTimeout, Duration retention) {
    }

    public record Delivery(Duration lease, Duration maxInProcessWait, Duration rescheduleInitial,
                           Duration rescheduleMaximum, Duration horizon) {
    }

    public record Destinations(CustomerIo customerio) {
    }

    public record CustomerIo(boolean enabled, String siteId, String apiKey, String baseUrl, String regionLookupUrl,
                             boolean updateOnly) {
    }
}
