package ai.sahha.bridge.journal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

import javax.sql.DataSource;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database's disk space: its size and the share of it that holds no live data, for the gauges, and for the
 * embedded H2 database the compaction its own background writer would do. That writer does not run with
 * {@code WRITE_DELAY=0} (every commit written before the webhook's answer), so without this the file keeps the
 * space of every chunk it ever wrote that still holds a live row.
 */
public class DatabaseSpace {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseSpace.class);
    /** chunks less full than this are rewritten */
    private static final int TARGET_FILL_RATE = 80;
    private static final int REWRITE_BYTES = 8 * 1024 * 1024;
    /** the file is moved together when less of it than this is in use */
    private static final int SHRINK_BELOW_FILL_RATE = 50;
    private static final int MOVE_MILLIS = 500;

    private final DataSource dataSource;
    private final boolean embedded;
    private final Path dataDir;
    private final JdbcTemplate jdbc;

    /** @param embedded the database is H2 (else PostgreSQL) */
    public DatabaseSpace(DataSource dataSource, boolean embedded, Path dataDir) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.dataDir = dataDir;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The bytes the bridge's data takes: H2's file, or PostgreSQL's tables and indexes in the bridge's schema. */
    public double sizeBytes() {
        if (embedded) {
            return orNaN(embedded(store -> (double) store.getFileStore().size()));
        }
        Long size = jdbc.queryForObject("SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
                + " AND c.relkind IN ('r', 'm')", Long.class);
        return size == null ? 0 : size;
    }

    /** The share of that which holds no live data: H2's file not filled, PostgreSQL's dead row versions. */
    public double freeRatio() {
        if (embedded) {
            return orNaN(embedded(store -> 1 - store.getFillRate() / 100.0));
        }
        Double dead = jdbc.queryForObject("SELECT CASE WHEN SUM(n_live_tup + n_dead_tup) > 0"
                + " THEN SUM(n_dead_tup)::float / SUM(n_live_tup + n_dead_tup) ELSE 0 END"
                + " FROM pg_stat_user_tables WHERE schemaname = current_schema()", Double.class);
        return dead == null ? 0 : dead;
    }

    /** The share of the data folder's disk still free. */
    public double volumeFreeRatio() {
        try {
            FileStore volume = Files.getFileStore(Files.createDirectories(dataDir));
            return volume.getTotalSpace() == 0 ? 0 : (double) volume.getUsableSpace() / volume.getTotalSpace();
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /**
     * For the embedded database: rewrites the chunks that are mostly garbage, so that the space of whole chunks is
     * reused, and once the file is less than half full moves the chunks to its front so that it shrinks. Run every
     * few seconds: each run rewrites a bounded amount, holding the store's lock for a few tens of milliseconds. A
     * no-op on PostgreSQL, whose autovacuum does this.
     */
    public void compact() {
        if (!embedded) {
            return;
        }
        embedded(store -> {
            store.compact(TARGET_FILL_RATE, REWRITE_BYTES);
            if (store.getFillRate() < SHRINK_BELOW_FILL_RATE) {
                long before = store.getFileStore().size();
                store.compactFile(MOVE_MILLIS);
                LOG.debug("Embedded database file shrunk from {} to {} bytes", before, store.getFileStore().size());
            }
            return null;
        });
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    /** Applies {@code read} to the embedded database's store when this process holds it open; else null. */
    private <T> T embedded(Function<MVStore, T> read) {
        try (Connection connection = dataSource.getConnection()) {
            if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
                return null; // another process holds the file (H2's automatic server): it does the work
            }
            MVStore store = session.getDatabase().getStore().getMvStore();
            return store.isClosed() ? null : read.apply(store);
        } catch (SQLException e) {
            return null;
        }
    }
}
