package ai.sahha.bridge.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ai.sahha.bridge.destinations.Mapping;
import ai.sahha.bridge.destinations.declarative.DeclarativeSettings;
import ai.sahha.bridge.identity.IdentityStrategy;
import ai.sahha.bridge.identity.Recipient;
import ai.sahha.bridge.records.Archetype;
import ai.sahha.bridge.records.Biomarker;
import ai.sahha.bridge.records.DataLog;
import ai.sahha.bridge.records.Score;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Typed view of the {@code bridge.*} settings in {@code config/application.yaml}. */
@ConfigurationProperties("bridge")
public record BridgeProperties(String instanceId, String logKey, Admin admin, Webhook webhook, Journal journal,
                               Delivery delivery, Identity identity, Biomarkers biomarkers, SahhaApi sahhaApi,
                               Backfill backfill, Destination destinationDefaults,
                               Map<String, Destination> destinations) {

    public BridgeProperties {
        destinations = destinations == null ? Map.of() : new TreeMap<>(destinations);
    }

    /** The destinations that are on, by name. */
    public Map<String, Destination> enabledDestinations() {
        Map<String, Destination> enabled = new TreeMap<>();
        destinations.forEach((name, destination) -> {
            if (destination.enabled()) {
                enabled.put(name, destination);
            }
        });
        return enabled;
    }

    /**
     * Webhook intake: the secrets; the largest body; how much memory bodies being received may hold together
     * ({@code maxBufferedBytes}, past it 503) and how long one may take to arrive ({@code bodyTimeout}); records
     * older than {@code maxRecordAge} are acknowledged as stale and not journaled (null: the dedupe window minus an
     * hour; zero: no such check).
     */
    public record Webhook(String secret, String previousSecret, DataSize maxBodySize, DataSize maxBufferedBytes,
                          Duration bodyTimeout, Duration maxRecordAge) {
    }

    /**
     * Who may use the admin API and console on the management port: an operator (read and write) by password or
     * bearer token, optionally a viewer (read only); the password may be a {@code {bcrypt}} hash. The API is off
     * without an operator. {@code protectMetrics}: /actuator/prometheus also asks for credentials.
     */
    public record Admin(String username, String password, String token, String viewerUsername,
                        String viewerPassword, boolean protectMetrics) {

        public boolean enabled() {
            return present(username) && present(password) || present(token);
        }

        static boolean present(String value) {
            return value != null && !value.isBlank();
        }
    }

    /** The journal; each of its tables is bounded by a retention (see JournalHousekeeping.Retention). */
    public record Journal(Duration dedupeWindow, long dedupeCacheSize, int queueCapacity, int maxBatch,
                          Duration commitTimeout, Duration retention, Duration setAsideRetention,
                          Duration deliveredAttributesRetention, Duration finishedJobsRetention) {
    }

    public record Delivery(Duration lease, Duration leaseRenewal, Duration maxInProcessWait, Duration rescheduleInitial,
                           Duration rescheduleMaximum, Duration horizon, IntakePriority intakePriority) {

        /**
         * Delivery pauses while journal commits average {@code busyBatch} webhooks (0: never), at most
         * {@code maxPause} in a row.
         */
        public record IntakePriority(double busyBatch, Duration maxPause) {
        }
    }

    /**
     * The identity lookups shared by destinations: when parked work tries again (after the interval, doubling each
     * time it is parked again, up to the maximum; at most batch rows per destination and run), the customer's database.
     */
    public record Identity(Duration parkedRecheckInterval, Duration parkedRecheckMaximum, int parkedRecheckBatch,
                           Sql sql) {

        public record Sql(String url, String username, String password, String query) {
        }
    }

    /** The Sahha API, for backfill: where, with which credentials, how fast. */
    public record SahhaApi(String baseUrl, String clientId, String clientSecret, double requestsPerSecond,
                           int maxAttempts, Duration initialBackoff, int pageSize) {
    }

    /** Backfill defaults, and the scheduled reconciliation (off while {@code reconcileCron} is empty). */
    public record Backfill(Duration defaultWindow, List<String> scoreTypes, String reconcileCron,
                           Duration reconcileWindow) {
    }

    /** The biomarker types forwarded at all; the others are acknowledged and counted. */
    public record Biomarkers(List<String> types) {
    }

    /**
     * One destination: its {@code type} (a built-in vendor, {@code declarative}, or by default its name), the
     * credentials that turn it on (all set), where it is, how its records are named ({@code mapping}) and addressed
     * ({@code identity}), which event types it takes, its vendor's rate limits, and how its work is taken from the
     * journal. A setting a destination does not give is taken from {@code bridge.destination-defaults}.
     * {@code options} are a built-in type's own settings; {@code declarative} the mapping of a declarative one.
     */
    public record Destination(boolean enabled, String type, String baseUrl, Map<String, String> credentials,
                              Map<String, String> options, Mapping mapping, DestinationIdentity identity,
                              Events events, List<RateLimitSetting> rateLimits, Bulk bulk, boolean pauseForIntake,
                              int pollIntervalMs, int claimSize, int concurrency, Redelivery redelivery,
                              DeclarativeSettings declarative) {

        public Destination {
            credentials = credentials == null ? Map.of() : Map.copyOf(credentials);
            options = options == null ? Map.of() : Map.copyOf(options);
            rateLimits = rateLimits == null ? List.of() : List.copyOf(rateLimits);
        }

        /** The type, which is the destination's name unless it says otherwise. */
        public String type(String name) {
            return type == null || type.isBlank() ? name : type;
        }

        public String option(String name, String otherwise) {
            String value = options.get(name);
            return value == null || value.isBlank() ? otherwise : value;
        }
    }

    /** In-process retries of a failed call, before the work is rescheduled in the journal. */
    public record Redelivery(int maximumRedeliveries, long delayMs, long maximumDelayMs) {
    }

    /**
     * Per destination: claims of at least {@code minItems} deliveries go out as the vendor's bulk calls (0: never),
     * of at most {@code maxItems} elements each (0: as many as the vendor takes).
     */
    public record Bulk(int minItems, int maxItems) {
    }

    /**
     * A vendor's rate limit for calls whose path starts with {@code path} ("" for all); per-minute 0 for none;
     * {@code perItem}: the vendor counts what a bulk call carries, not calls.
     */
    public record RateLimitSetting(String path, double perSecond, double perMinute, boolean perItem) {
    }

    /** Per destination: which event types it gets. */
    public record Events(boolean archetypes, boolean scores, boolean biomarkers, boolean dataLogs) {

        public List<String> eventTypes() {
            List<String> types = new ArrayList<>();
            if (archetypes) {
                types.add(Archetype.EVENT_TYPE);
            }
            if (scores) {
                types.add(Score.EVENT_TYPE);
            }
            if (biomarkers) {
                types.add(Biomarker.EVENT_TYPE);
            }
            if (dataLogs) {
                types.add(DataLog.EVENT_TYPE);
            }
            return types;
        }
    }

    /** Per destination: how the person's identifier is found, and which contact detail a lookup uses. */
    public record DestinationIdentity(IdentityStrategy strategy, Recipient.Kind lookupField) {
    }
}
