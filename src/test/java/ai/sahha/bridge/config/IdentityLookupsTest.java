package ai.sahha.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.sahha.bridge.identity.IdentityStrategy;
import ai.sahha.bridge.identity.Recipient;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class IdentityLookupsTest {

    private static final BridgeProperties.DestinationIdentity BY_SQL =
            new BridgeProperties.DestinationIdentity(IdentityStrategy.LOOKUP_SQL, Recipient.Kind.EMAIL);

    @Test
    void lookupSqlConnectsToTheConfiguredCustomerDatabase() {
        String url = "jdbc:h2:mem:crm;DB_CLOSE_DELAY=-1";
        JdbcDataSource crm = new JdbcDataSource();
        crm.setURL(url);
        crm.setUser("sa");
        new JdbcTemplate(crm).execute("CREATE TABLE members (id VARCHAR(64), email VARCHAR(255));"
                + " INSERT INTO members VALUES ('m-1', 'mia@example.com')");

        try (IdentityLookups lookups = new IdentityLookups(null, new BridgeProperties.Identity.Sql(url, "sa", "",
                "SELECT email FROM members WHERE id = :externalId"))) {
            assertThat(lookups.resolver("iterable", BY_SQL).resolve("m-1"))
                    .isEqualTo(new Recipient(Recipient.Kind.EMAIL, "mia@example.com"));
        }
    }

    @Test
    void lookupSqlWithoutItsSettingsStopsTheStartWithTheVariablesToSet() {
        try (IdentityLookups lookups = new IdentityLookups(null, new BridgeProperties.Identity.Sql("", "", "", ""))) {
            assertThatThrownBy(() -> lookups.resolver("klaviyo", BY_SQL))
                    .hasMessageContaining("klaviyo").hasMessageContaining("BRIDGE_IDENTITY_SQL_URL");
        }
    }
}
