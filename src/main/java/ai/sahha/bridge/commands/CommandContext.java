package ai.sahha.bridge.commands;

import ai.sahha.bridge.config.BridgeProperties;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a command needs of the bridge: its configuration (the same files, environment and {@code .env} as the
 * server) and its database, migrated. No web server, no routes. (Not a {@code @Configuration}, so the server's
 * component scan leaves it out.)
 */
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        TransactionAutoConfiguration.class, FlywayAutoConfiguration.class, JacksonAutoConfiguration.class})
@EnableConfigurationProperties(BridgeProperties.class)
final class CommandContext {

    private CommandContext() {
    }

    /** Who ran a command, for the audit log. */
    static String commandLineUser() {
        return "command line (" + System.getProperty("user.name", "unknown user") + ")";
    }

    /** {@code settings} are {@code --key=value} overrides, as the server takes them. */
    static ConfigurableApplicationContext start(String... settings) {
        return new SpringApplicationBuilder(CommandContext.class).web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF).logStartupInfo(false).properties("logging.level.root=WARN")
                .run(settings);
    }
}
