package ai.sahha.bridge.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Reads an HTTP {@code Retry-After} header: delay seconds or an HTTP-date. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** The delay the vendor asked for, in milliseconds, or null when it asked for none or the value is unreadable. */
    public static Long millis(Map<String, String> responseHeaders, Clock clock) {
        if (responseHeaders == null) {
            return null;
        }
        String value = responseHeaders.entrySet().stream()
                .filter(header -> "Retry-After".equalsIgnoreCase(header.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.matches("\\d{1,9}")) {
            return Long.parseLong(trimmed) * 1000;
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
            return Math.max(0, Duration.between(clock.instant(), at.toInstant()).toMillis());
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }
}
