package ai.sahha.bridge.config;

import java.util.List;
import java.util.TreeSet;

import ai.sahha.bridge.delivery.ParkingWarnings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** One log line at start that says where webhooks go and which destinations are on, and warnings. */
@Component
class StartupSummary implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StartupSummary.class);

    private final Environment environment;
    private final List<String> enabledDestinations;
    private final BridgeProperties properties;
    private final ParkingWarnings parking;

    StartupSummary(Environment environment, List<String> enabledDestinations, BridgeProperties properties,
                   ParkingWarnings parking) {
        this.environment = environment;
        this.enabledDestinations = enabledDestinations;
        this.properties = properties;
        this.parking = parking;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        TreeSet<String> off = new TreeSet<>(properties.destinations().keySet());
        enabledDestinations.forEach(off::remove);
        LOG.info("Sahha CX Bridge ready: POST /webhooks/sahha on port {}, admin and metrics on port {}."
                        + " Destinations on: {}. Off (credentials not set): {}.",
                environment.getProperty("local.server.port"), environment.getProperty("local.management.port"),
                enabledDestinations.isEmpty() ? "none" : String.join(", ", enabledDestinations),
                off.isEmpty() ? "none" : String.join(", ", off));
        if (!properties.admin().enabled()) {
            LOG.warn("The admin API is off: the management port serves health and metrics only. To turn it on, set"
                    + " BRIDGE_ADMIN_USERNAME and BRIDGE_ADMIN_PASSWORD (a password or a {bcrypt} hash), or"
                    + " BRIDGE_ADMIN_TOKEN for machines.");
        }
        for (String destination : enabledDestinations) {
            parking.warning(destination).ifPresent(warning -> LOG.warn("Identity: {}", warning));
        }
        if (enabledDestinations.isEmpty()) {
            LOG.warn("No destination is on: webhooks are verified and journaled but go nowhere."
                    + " Set a destination's credentials to turn it on (CIO_SITE_ID + CIO_API_KEY, SEGMENT_WRITE_KEY,"
                    + " ITERABLE_API_KEY, KLAVIYO_PRIVATE_API_KEY, MPARTICLE_API_KEY + MPARTICLE_API_SECRET, or"
                    + " OUTBOUND_WEBHOOK_URL + OUTBOUND_WEBHOOK_SECRET).");
        }
    }
}
