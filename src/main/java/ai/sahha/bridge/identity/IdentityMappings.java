package ai.sahha.bridge.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bridge's own identity table: externalId to email address and phone number, filled from CSV (a header row
 * naming {@code external_id} and {@code email} and/or {@code phone}) by the admin endpoint or the
 * {@code import-identities} command. Saving a person's mapping puts their parked deliveries back in line.
 */
public class IdentityMappings implements IdentityLookup {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final List<String> destinations;
    private final String unpark;

    /** @param destinations every destination name, for finding parked deliveries (see {@link #save}) */
    public IdentityMappings(DataSource dataSource, TransactionTemplate transactions, Clock clock,
                            Collection<String> destinations) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = transactions;
        this.clock = clock;
        this.destinations = List.copyOf(destinations);
        // Parked rows are few: they are found through the due-work index (destination, status), so the journal
        // needs no index by person, which would cost every webhook an extra index write.
        this.unpark = "UPDATE delivery d SET status = 'PENDING', next_attempt_at = ?, updated_at = ? WHERE"
                + " d.destination IN (" + String.join(",", Collections.nCopies(destinations.size(), "?")) + ")"
                + " AND d.status = 'PARKED' AND EXISTS (SELECT 1 FROM journal_event e WHERE e.id = d.event_id"
                + " AND e.external_id = ?)";
    }

    public record Mapping(String externalId, String email, String phone) {
    }



    @Override
    public Optional<Contact> find(String externalId) {
        return jdbc.query("SELECT email, phone FROM identity_map WHERE external_id = ?",
                (rs, row) -> new Contact(rs.getString("email"), rs.getString("phone")), externalId).stream().findFirst();
    }

    /**
     * Adds or replaces mappings, all in one transaction (an empty email or phone clears it), and puts the parked
     * deliveries of those people back in line. Returns how many deliveries were unparked.
     */
    public int save(List<Mapping> mappings) {
        long now = clock.millis();
        Integer unparked = transactions.execute(status -> {
            int count = 0;
            for (Mapping m : mappings) {
                Object[] values = {blankToNull(m.email()), blankToNull(m.phone()), now, m.externalId()};
                if (jdbc.update("UPDATE identity_map SET email = ?, phone = ?, updated_at = ? WHERE external_id = ?",
                        values) == 0) {
                    jdbc.update("INSERT INTO identity_map (email, phone, updated_at, external_id) VALUES (?, ?, ?, ?)",
                            values);
                }
                List<Object> args = new ArrayList<>(List.of(now, now));
                args.addAll(destinations);
                args.add(m.externalId());
                count += jdbc.update(unpark, args.toArray());
            }
            return count;
        });
        return unparked == null ? 0 : unparked;
    }

    public long count() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM identity_map", Long.class);
        return count == null ? 0 : count;
    }

    /** Reads CSV with a header row; columns other than external_id, email and phone are ignored. */
    public static List<Mapping> parseCsv(Reader csv) throws IOException {
        BufferedReader lines = new BufferedReader(csv);
        String header = lines.readLine();
        if (header == null) {
            throw new IllegalArgumentException("the CSV is empty");
        }
        List<String> columns = fields(header.replace("\uFEFF", "")).stream()
                .map(c -> c.strip().toLowerCase(Locale.ROOT).replace("externalid", "external_id")).toList();
        int id = columns.indexOf("external_id");
        int email = columns.indexOf("email");
        int phone = columns.indexOf("phone");
        if (id < 0 || email < 0 && phone < 0) {
            throw new IllegalArgumentException("the CSV header must name external_id and email and/or phone");
        }
        List<Mapping> mappings = new ArrayList<>();
        int lineNumber = 1;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            List<String> values = fields(line);
            String externalId = at(values, id);
            if (externalId == null || externalId.isBlank()) {
                throw new IllegalArgumentException("line " + lineNumber + " has no external_id");
            }
            mappings.add(new Mapping(externalId.strip(), at(values, email), at(values, phone)));
        }
        return mappings;
    }

    /** One CSV line split at commas outside double quotes; "" inside quotes is a quote. */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static String at(List<String> values, int index) {
        return index < 0 || index >= values.size() ? null : values.get(index).strip();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
