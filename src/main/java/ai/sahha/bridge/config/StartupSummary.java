package ai.sahha.bridge.config;

import java.util.List;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** One log line at start that says where webhooks go and which destinations are on. */
@Component
class StartupSummary implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StartupSummary.class);

    private final Environment environment;
    private final List<String> enabledDestinations;

    StartupSummary(Environment environment, List<String> enabledDestinations) {
        this.environment = environment;
        this.enabledDestinations = enabledDestinations;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        TreeSet<String> off = new TreeSet<>(BridgeEnvironment.DESTINATION_CREDENTIALS.keySet());
        enabledDestinations.forEach(off::remove);
        LOG.info("Sahha CX Bridge ready: POST /webhooks/sahha on port {}, admin and metrics on port {}."
                        + " Destinations on: {}. Off (credentials not set): {}.",
                environment.getProperty("local.server.port"), environment.getProperty("local.management.port"),
                enabledDestinations.isEmpty() ? "none" : String.join(", ", enabledDestinations),
                off.isEmpty() ? "none" : String.join(", ", off));
        if (enabledDestinations.isEmpty()) {
            LOG.warn("No destination is on: webhooks are verified and journaled but go nowhere."
                    + " Set a destination's credentials to turn it on (CIO_SITE_ID + CIO_API_KEY, SEGMENT_WRITE_KEY,"
                    + " ITERABLE_API_KEY, KLAVIYO_PRIVATE_API_KEY, MPARTICLE_API_KEY + MPARTICLE_API_SECRET).");
        }
    }
}
