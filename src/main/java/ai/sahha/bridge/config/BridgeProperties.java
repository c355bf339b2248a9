package ai.sahha.bridge.config;

import java.time.Duration;

import ai.sahha.bridge.identity.IdentityStrategy;
import ai.sahha.bridge.identity.Recipient;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Typed view of the {@code bridge.*} settings in {@code config/application.yaml}. */
@ConfigurationProperties("bridge")
public record BridgeProperties(String instanceId, Webhook webhook, Journal journal, Delivery delivery,
                               Identity identity, Destinations destinations) {

    public record Webhook(String secret, String previousSecret, DataSize maxBodySize) {
    }

    public record Journal(Duration dedupeWindow, long dedupeCacheSize, int queueCapacity, int maxBatch,
                          Duration commitTimeout, Duration retention) {
    }

    public record Delivery(Duration lease, Duration maxInProcessWait, Duration rescheduleInitial,
                           Duration rescheduleMaximum, Duration horizon) {
    }

    /** The identity lookups shared by destinations: how often parked work retries, the customer's database. */
    public record Identity(Duration parkedRecheckInterval, Sql sql) {

        public record Sql(String url, String username, String password, String query) {
        }
    }

    public record Destinations(CustomerIo customerio, Segment segment, IterableApi iterable, Klaviyo klaviyo,
                               MParticle mparticle) {
    }

    /** Per destination: the attribute key pattern ({name}, {periodicity}), the event name, change-only forwarding. */
    public record Mapping(String attributeKey, String eventName, boolean changeOnly) {
    }

    /** Per destination: how the person's identifier is found, and which contact detail a lookup uses. */
    public record DestinationIdentity(IdentityStrategy strategy, Recipient.Kind lookupField) {
    }

    public record CustomerIo(boolean enabled, String siteId, String apiKey, String baseUrl, String regionLookupUrl,
                             boolean updateOnly, Mapping mapping, DestinationIdentity identity) {
    }

    public record Segment(boolean enabled, String writeKey, String baseUrl, Mapping mapping,
                          DestinationIdentity identity) {
    }

    public record IterableApi(boolean enabled, String apiKey, String baseUrl, Mapping mapping,
                              DestinationIdentity identity) {
    }

    public record Klaviyo(boolean enabled, String privateApiKey, String revision, String baseUrl, Mapping mapping,
                          DestinationIdentity identity) {
    }

    public record MParticle(boolean enabled, String apiKey, String apiSecret, String baseUrl, String environment,
                            String identityType, Mapping mapping, DestinationIdentity identity) {
    }
}
