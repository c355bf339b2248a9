package ai.sahha.bridge.delivery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What of a vendor's answer is kept with a failed delivery: its error code, and a short excerpt with email
 * addresses, phone numbers and the person's own identifiers masked (vendors echo what they were sent).
 */
public final class VendorAnswers {

    /** Characters of an answer kept in a failure's detail. */
    public static final int MAX_EXCERPT = 300;

    private static final Pattern EMAIL = Pattern.compile("[^\\s\"'<>(),;:@]+@[^\\s\"'<>(),;:@]+\\.[^\\s\"'<>(),;:@]+");
    private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d ()./-]{5,}\\d");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private VendorAnswers() {
    }

    /** The answer with emails, phone numbers (and runs of 7 or more digits) masked, cut to {@link #MAX_EXCERPT}. */
    public static String excerpt(String answer) {
        if (answer == null) {
            return "";
        }
        String cut = answer.length() > 4 * MAX_EXCERPT ? answer.substring(0, 4 * MAX_EXCERPT) : answer;
        String masked = mask(cut.strip());
        return masked.length() > MAX_EXCERPT ? masked.substring(0, MAX_EXCERPT) + "…" : masked;
    }

    /**
     * A failure's detail as it is kept: every occurrence of the person's identifier (as sent, and URL-encoded)
     * replaced by {@code [person]}, emails and phone numbers masked, at most {@code 2 *} {@link #MAX_EXCERPT}.
     */
    public static String masked(String detail, String identifier) {
        if (detail == null) {
            return null;
        }
        String text = detail;
        if (identifier != null && !identifier.isBlank()) {
            text = text.replace(identifier, "[person]")
                    .replace(URLEncoder.encode(identifier, StandardCharsets.UTF_8).replace("+", "%20"), "[person]");
        }
        String masked = mask(text);
        return masked.length() > 2 * MAX_EXCERPT ? masked.substring(0, 2 * MAX_EXCERPT) + "…" : masked;
    }

    private static String mask(String text) {
        return PHONE.matcher(EMAIL.matcher(text).replaceAll("[email]")).replaceAll("[phone]");
    }

    /**
     * The vendor's error code in a JSON answer: {@code code}, {@code error_code} or {@code errors[0].code} (also
     * under {@code error}), when it is short text or a number; null otherwise.
     */
    public static String errorCode(String answer) {
        if (answer == null || answer.isBlank() || answer.charAt(0) != '{') {
            return null;
        }
        try {
            JsonNode body = JSON.readTree(answer);
            for (JsonNode candidate : new JsonNode[] {body.path("code"), body.path("error_code"),
                    body.path("errors").path(0).path("code"), body.path("error").path("code"),
                    body.path("error").path("type")}) {
                if ((candidate.isString() || candidate.isNumber()) && candidate.asString().length() <= 100) {
                    return candidate.asString();
                }
            }
        } catch (JacksonException notJson) {
            return null;
        }
        return null;
    }
}
