package ai.sahha.bridge.config;

import java.sql.SQLException;
import java.util.Set;

import com.zaxxer.hikari.SQLExceptionOverride;
import org.h2.api.ErrorCode;

/**
 * Drops a pooled connection whose embedded database has closed itself. After a failed write (a full disk) H2 closes
 * the database and every open connection to it answers "The database has been closed", with an SQL state that
 * Hikari does not take for a broken connection; kept in the pool, they would fail for ever. Evicted, the next
 * connection opens the database again once it can write.
 */
public class ClosedDatabaseEviction implements SQLExceptionOverride {

    private static final Set<Integer> CLOSED = Set.of(ErrorCode.DATABASE_IS_CLOSED,
            ErrorCode.DATABASE_CALLED_AT_SHUTDOWN, ErrorCode.CONNECTION_BROKEN_1, ErrorCode.IO_EXCEPTION_1,
            ErrorCode.IO_EXCEPTION_2, ErrorCode.FILE_CORRUPTED_1);

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && CLOSED.contains(sql.getErrorCode())
                    && sql.getClass().getName().startsWith("org.h2.")) {
                return Override.MUST_EVICT;
            }
        }
        return Override.CONTINUE_EVICT;
    }
}
