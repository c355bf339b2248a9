package ai.sahha.bridge;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Times as operators type them into commands and admin calls. */
public final class Times {

    private Times() {
    }

    /**
     * An ISO-8601 instant ({@code 2026-11-20T00:00:00Z}) or a date ({@code 2026-11-20}, its start in UTC).
     *
     * @throws DateTimeParseException when it is neither
     */
    public static Instant dateOrInstant(String value) {
        return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                : Instant.parse(value);
    }
}
