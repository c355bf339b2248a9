package db.migration;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;

import ai.sahha.bridge.journal.ReceiptKey;
import tools.jackson.databind.ObjectMapper;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import tools.jackson.core.JacksonException;

/**
 * Receipts keyed by {@link ReceiptKey} (event time, then SHA-256) instead of the SHA-256 alone. Each journaled
 * event still has its payload, so its old key is worked out again and replaced by the new one: a webhook received
 * before the upgrade is still a duplicate after it. Receipts whose event is gone keep their old key until they
 * expire with the dedupe window.
 */
public class V7__TimeOrderedReceiptKeys extends BaseJavaMigration {

    private static final int BATCH = 1_000;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        ObjectMapper mapper = new ObjectMapper();
        HexFormat hex = HexFormat.of();
        try (Statement select = connection.createStatement();
             PreparedStatement rekey = connection.prepareStatement(
                     "UPDATE webhook_receipt SET content_key = ? WHERE content_key = ?")) {
            select.setFetchSize(BATCH);
            int pending = 0;
            try (ResultSet events = select.executeQuery("SELECT event_type, payload FROM journal_event")) {
                while (events.next()) {
                    byte[] body = events.getString(2).getBytes(StandardCharsets.UTF_8);
                    byte[] key;
                    try {
                        key = hex.parseHex(ReceiptKey.of(mapper.readTree(body), events.getString(1), body));
                    } catch (JacksonException notJson) {
                        continue; // journaled events are JSON; nothing to carry over otherwise
                    }
                    rekey.setBytes(1, key);
                    rekey.setBytes(2, Arrays.copyOfRange(key, 8, key.length));
                    rekey.addBatch();
                    if (++pending == BATCH) {
                        rekey.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                rekey.executeBatch();
            }
        }
    }
}
