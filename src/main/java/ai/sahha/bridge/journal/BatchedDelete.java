package ai.sahha.bridge.journal;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A retention's DELETE run in batches, so that no transaction holds a large share of a table. The rows of a batch are
 * found by a SELECT and deleted by their key: a {@code DELETE ... WHERE key IN (SELECT ... LIMIT n)} is run by H2
 * as a scan of the table that evaluates the subquery again for every row (minutes per batch on a large table).
 */
final class BatchedDelete {

    static final int BATCH = 5_000;

    private BatchedDelete() {
    }

    /**
     * Deletes the rows of {@code table} (a name, optionally with an alias) that meet {@code condition}, a batch at a
     * time, until none is left; the DELETE of each row checks the condition again, so a row that changed since the
     * SELECT stays. {@code args} are the condition's parameters. A batch is one transaction: with auto-commit each
     * row's DELETE would be a commit of its own, and on H2 with {@code WRITE_DELAY=0} a chunk written to the file.
     * Returns the rows deleted.
     */
    static int where(TransactionTemplate transactions, JdbcTemplate jdbc, String table, String key, String condition,
                     Object... args) {
        String select = "SELECT " + key + " FROM " + table + " WHERE " + condition + " LIMIT " + BATCH;
        String delete = "DELETE FROM " + table + " WHERE " + key + " = ? AND " + condition;
        int total = 0;
        List<Object> keys;
        do {
            keys = jdbc.queryForList(select, Object.class, args);
            List<Object[]> rows = new ArrayList<>(keys.size());
            for (Object value : keys) {
                Object[] row = new Object[args.length + 1];
                row[0] = value;
                System.arraycopy(args, 0, row, 1, args.length);
                rows.add(row);
            }
            int[] deleted = transactions.execute(status -> jdbc.batchUpdate(delete, rows));
            for (int count : deleted) {
                total += Math.max(count, 0);
            }
        } while (keys.size() == BATCH);
        return total;
    }

    /**
     * Deletes the rows of {@code table} whose {@code timeColumn} (indexed) is before {@code before}, oldest first, about
     * a batch at a time: each DELETE takes the rows up to the time of the one a batch past the oldest. For a table
     * whose key has several columns.
     */
    static int olderThan(JdbcTemplate jdbc, String table, String timeColumn, long before) {
        String bound = "SELECT " + timeColumn + " FROM " + table + " WHERE " + timeColumn + " < ? ORDER BY "
                + timeColumn + " LIMIT 1 OFFSET " + BATCH;
        int total = 0;
        while (true) {
            List<Long> upTo = jdbc.queryForList(bound, Long.class, before);
            if (upTo.isEmpty()) {
                return total + jdbc.update("DELETE FROM " + table + " WHERE " + timeColumn + " < ?", before);
            }
            total += jdbc.update("DELETE FROM " + table + " WHERE " + timeColumn + " <= ?", upTo.get(0));
        }
    }
}
