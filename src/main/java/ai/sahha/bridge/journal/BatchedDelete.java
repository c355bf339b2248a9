package ai.sahha.bridge.journal;

import java.util.Arrays;

import org.springframework.jdbc.core.JdbcTemplate;

/** A retention's DELETE run in batches, so that no transaction holds a large share of a table. */
final class BatchedDelete {

    static final int BATCH = 5_000;

    private BatchedDelete() {
    }

    /** Runs {@code delete}, whose last parameter is its batch size, until a batch comes back short: rows deleted. */
    static int run(JdbcTemplate jdbc, String delete, Object... args) {
        Object[] withLimit = Arrays.copyOf(args, args.length + 1);
        withLimit[args.length] = BATCH;
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.update(delete, withLimit);
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
