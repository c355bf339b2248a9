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
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database's disk space: its size and the share of it that holds no live data, for the gauges, and for the
 * embedded H2 database the compaction its own background writer would do. That writer does not run with
 * {@code WRITE_DELAY=0} (every commit written before the webhook's answer), so without this the file keeps the
 * space of every chunk it ever wrote that still holds a live row.
 */
public class DatabaseSpace {

    /** chunks less full than this are rewritten */
    private static final int TARGET_FILL_RATE = 80;
    /**
     * live bytes rewritten per run, written with the next commit. The store's lock is held meanwhile: in the soak
     * (bench/soak.sh) 15 ms at the median, 54 ms at the 99th percentile; 8 MB took 110 ms
     */
    private static final int REWRITE_BYTES = 2 * 1024 * 1024;

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

    /**
     * The share of that which holds no live data: for H2, the file's free blocks and the dead pages in its chunks;
     * for PostgreSQL, dead row versions.
     */
    public double freeRatio() {
        if (embedded) {
            return orNaN(embedded(store -> 1 - store.getFillRate() / 100.0
                    * store.getFileStore().getChunksFillRate() / 100.0));
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
     * For the embedded database: rewrites the live pages of the chunks that are mostly garbage into the next chunk,
     * so that the old chunks empty and their space is written over. A bounded amount per run (the store's lock is
     * held meanwhile); the file keeps its size and is reused, as moving chunks to shrink it would hold the lock for
     * long. A no-op on PostgreSQL, whose autovacuum does this.
     */
    public void compact() {
        if (!embedded) {
            return;
        }
        embedded(store -> store.compact(TARGET_FILL_RATE, REWRITE_BYTES));
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
