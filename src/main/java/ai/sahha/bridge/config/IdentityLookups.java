package ai.sahha.bridge.config;

import ai.sahha.bridge.identity.CustomerDatabaseLookup;
import ai.sahha.bridge.identity.IdentityLookup;
import ai.sahha.bridge.identity.IdentityMappings;
import ai.sahha.bridge.identity.IdentityResolver;
import ai.sahha.bridge.identity.IdentityStrategy;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Builds each destination's {@link IdentityResolver}. The connection to the customer's database is opened only
 * when a destination uses {@code lookup-sql}, and a missing setting stops the start with a clear message.
 */
class IdentityLookups implements AutoCloseable {

    private final IdentityMappings table;
    private final BridgeProperties.Identity.Sql sql;
    private HikariDataSource customerDatabase;
    private CustomerDatabaseLookup sqlLookup;

    IdentityLookups(IdentityMappings table, BridgeProperties.Identity.Sql sql) {
        this.table = table;
        this.sql = sql;
    }

    synchronized IdentityResolver resolver(String destination, BridgeProperties.DestinationIdentity settings) {
        IdentityLookup lookup = switch (settings.strategy()) {
            case LOOKUP_TABLE -> table;
            case LOOKUP_SQL -> sqlLookup(destination);
            default -> null;
        };
        return new IdentityResolver(settings.strategy(), settings.lookupField(), lookup);
    }

    private CustomerDatabaseLookup sqlLookup(String destination) {
        if (sqlLookup == null) {
            if (sql == null || isBlank(sql.url()) || isBlank(sql.query())) {
                throw new IllegalStateException(destination + " uses identity strategy "
                        + IdentityStrategy.LOOKUP_SQL + " but bridge.identity.sql.url / .query"
                        + " (BRIDGE_IDENTITY_SQL_URL, BRIDGE_IDENTITY_SQL_QUERY) are not set");
            }
            customerDatabase = new HikariDataSource();
            customerDatabase.setPoolName("customer-identity");
            customerDatabase.setJdbcUrl(sql.url());
            customerDatabase.setUsername(sql.username());
            customerDatabase.setPassword(sql.password());
            customerDatabase.setMaximumPoolSize(4);
            customerDatabase.setConnectionTimeout(5_000);
            customerDatabase.setReadOnly(true);
            customerDatabase.setInitializationFailTimeout(-1); // the customer's database may come up after us
            sqlLookup = new CustomerDatabaseLookup(customerDatabase, sql.query());
        }
        return sqlLookup;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public synchronized void close() {
        if (customerDatabase != null) {
            customerDatabase.close();
        }
    }
}
