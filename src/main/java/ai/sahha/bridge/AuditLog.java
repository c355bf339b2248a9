package ai.sahha.bridge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * One log line (logger {@code audit}) for every admin action that changes something: who did it, what, and how many
 * it touched. Never a person's identifier or data: filters and counts only.
 */
public final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger("audit");

    private AuditLog() {
    }

    /** An action through the admin API, by the authenticated user. */
    public static void record(String action, String detail, long count) {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        record(who == null ? "unknown" : who.getName(), action, detail, count);
    }

    /** An action by {@code who}, e.g. a command run on the command line. */
    public static void record(String who, String action, String detail, long count) {
        LOG.info("audit: {} by {}: {} ({} affected)", action, printable(who), detail, count);
    }

    private static String printable(String who) {
        String cut = who.length() > 64 ? who.substring(0, 64) : who;
        return cut.replaceAll("[^A-Za-z0-9_.@:-]", "?");
    }
}
