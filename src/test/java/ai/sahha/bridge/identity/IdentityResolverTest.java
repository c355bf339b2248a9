package ai.sahha.bridge.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;

import ai.sahha.bridge.identity.Recipient.Kind;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class IdentityResolverTest {

    @Test
    void externalIdStrategiesUseTheExternalIdAsItIsOrParkWhenItIsNotTheRightKind() {
        assertThat(new IdentityResolver(IdentityStrategy.EXTERNAL_ID, null, null).resolve("user-1"))
                .isEqualTo(new Recipient(Kind.ID, "user-1"));
        IdentityResolver email = new IdentityResolver(IdentityStrategy.EXTERNAL_ID_IS_EMAIL, null, null);
        assertThat(email.resolve("zoë@exämple.com")).isEqualTo(new Recipient(Kind.EMAIL, "zoë@exämple.com"));
        assertThatThrownBy(() -> email.resolve("user-1")).isInstanceOf(IdentityUnresolvedException.class)
                .hasMessageContaining("not an email address");
        IdentityResolver phone = new IdentityResolver(IdentityStrategy.EXTERNAL_ID_IS_PHONE, null, null);
        assertThat(phone.resolve("+6421555123")).isEqualTo(new Recipient(Kind.PHONE, "+6421555123"));
        assertThatThrownBy(() -> phone.resolve("021 555 123")).isInstanceOf(IdentityUnresolvedException.class);
    }

    @Test
    void aQueryAgainstTheCustomersOwnDatabaseFindsTheEmailOrPhone() {
        JdbcDataSource customers = new JdbcDataSource();
        customers.setURL("jdbc:h2:mem:customers;DB_CLOSE_DELAY=-1");
        JdbcTemplate jdbc = new JdbcTemplate(customers);
        jdbc.execute("CREATE TABLE app_user (sahha_id VARCHAR(64), contact_email VARCHAR(255), mobile VARCHAR(32))");
        jdbc.update("INSERT INTO app_user VALUES ('u-1', 'ana@example.com', '+6421000111')");
        CustomerDatabaseLookup lookup = new CustomerDatabaseLookup(customers,
                "SELECT contact_email AS email, mobile AS phone FROM app_user WHERE sahha_id = :externalId");

        assertThat(new IdentityResolver(IdentityStrategy.LOOKUP_SQL, Kind.EMAIL, lookup).resolve("u-1"))
                .isEqualTo(new Recipient(Kind.EMAIL, "ana@example.com"));
        assertThat(new IdentityResolver(IdentityStrategy.LOOKUP_SQL, Kind.PHONE, lookup).resolve("u-1"))
                .isEqualTo(new Recipient(Kind.PHONE, "+6421000111"));
        assertThatThrownBy(() -> new IdentityResolver(IdentityStrategy.LOOKUP_SQL, Kind.EMAIL, lookup).resolve("u-2"))
                .isInstanceOf(IdentityUnresolvedException.class).hasMessageContaining("no email address");
    }

    @Test
    void aLookupQueryMustTakeTheExternalId() {
        assertThatThrownBy(() -> new CustomerDatabaseLookup(new JdbcDataSource(), "SELECT email FROM users"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":externalId");
    }

    @Test
    void csvImportsReadQuotedFieldsAndNeedAHeader() throws Exception {
        List<IdentityMappings.Mapping> mappings = IdentityMappings.parseCsv(new StringReader(
                "\uFEFFExternalId,name,email\n\"u,1\",\"Ana \"\"A\"\"\",ana@example.com\n\nu-2,Bo,\n"));
        assertThat(mappings).containsExactly(new IdentityMappings.Mapping("u,1", "ana@example.com", null),
                new IdentityMappings.Mapping("u-2", "", null));
        assertThatThrownBy(() -> IdentityMappings.parseCsv(new StringReader("id,email\nu,a@b.co\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("external_id");
    }
}
