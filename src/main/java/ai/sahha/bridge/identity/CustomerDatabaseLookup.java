package ai.sahha.bridge.identity;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Asks the customer's own database for a person's contact details: a configured query with the parameter
 * {@code :externalId} that returns a column {@code email} and/or {@code phone} (the first row counts).
 */
public class CustomerDatabaseLookup implements IdentityLookup {

    private final NamedParameterJdbcTemplate jdbc;
    private final String query;

    public CustomerDatabaseLookup(DataSource customerDatabase, String query) {
        if (query == null || !query.contains(":externalId")) {
            throw new IllegalArgumentException("bridge.identity.sql.query must use the parameter :externalId");
        }
        this.jdbc = new NamedParameterJdbcTemplate(customerDatabase);
        this.jdbc.getJdbcTemplate().setMaxRows(1);
        this.query = query;
    }

    @Override
    public Optional<Contact> find(String externalId) {
        List<Map<String, Object>> rows = jdbc.queryForList(query, Map.of("externalId", externalId));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> row = rows.get(0);
        return Optional.of(new Contact(column(row, "email"), column(row, "phone")));
    }

    private static String column(Map<String, Object> row, String name) {
        return row.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue() == null ? null : e.getValue().toString()).findFirst().orElse(null);
    }
}
