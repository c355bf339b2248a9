package ai.sahha.bridge.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.springframework.security.web.csrf.CsrfToken;

/**
 * One console page as HTML: the layout, the navigation and the helpers that escape every value written into it. No
 * script and nothing fetched from elsewhere: the page works offline and without JavaScript.
 */
final class ConsolePage {

    static final String[][] SECTIONS = {{"", "Overview"}, {"dead-letters", "Dead letters"}, {"parked", "Parked"},
            {"backfill", "Backfill"}, {"people", "People"}};

    private static final String STYLE = """
            body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
            header{background:#163a5f;color:#fff;padding:8px 16px;display:flex;gap:18px;align-items:center}
            header a{color:#dbe8f5;text-decoration:none}header a.on{color:#fff;font-weight:600;border-bottom:2px solid #fff}
            header form{margin-left:auto}main{padding:12px 16px}h1{font-size:20px;margin:4px 0 12px}
            h2{font-size:16px;margin:18px 0 8px}table{border-collapse:collapse;background:#fff;margin-bottom:12px}
            th,td{border:1px solid #d5d9de;padding:4px 8px;text-align:left;vertical-align:top}th{background:#eef1f4}
            td.n{text-align:right;font-variant-numeric:tabular-nums}.note{color:#57606a;font-size:12px}
            .flash{background:#e6f4ea;border:1px solid #9cd3ae;padding:6px 10px;margin-bottom:10px}
            .error{background:#fde8e8;border:1px solid #f1a7a7;padding:6px 10px;margin-bottom:10px}
            form.inline{display:inline}fieldset{background:#fff;border:1px solid #d5d9de;margin-bottom:12px}
            label{margin-right:10px}input,select,button{font:inherit}details summary{cursor:pointer}
            th,button,td.n,time{white-space:nowrap}td.answer{overflow-wrap:anywhere;min-width:16em}
            table.attempts{font-size:12px;margin:4px 0 0}
            """;

    private final StringBuilder html = new StringBuilder();
    private final CsrfToken csrf;

    /** A page of the console, {@code section} marked in the navigation; {@code user} null on the login page. */
    ConsolePage(String title, String section, String user, CsrfToken csrf) {
        this.csrf = csrf;
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append(" · Sahha CX Bridge</title><style>").append(STYLE)
                .append("</style></head><body><header><strong>Sahha CX Bridge</strong>");
        if (user != null) {
            for (String[] link : SECTIONS) {
                html.append("<a href=\"/console/").append(link[0]).append('"')
                        .append(link[0].equals(section) ? " class=\"on\"" : "").append('>').append(link[1])
                        .append("</a>");
            }
            html.append("<form method=\"post\" action=\"/console/logout\">").append(csrfField())
                    .append(escape(user)).append(" <button id=\"logout\">Log out</button></form>");
        }
        html.append("</header><main><h1>").append(escape(title)).append("</h1>");
    }

    ConsolePage raw(String fragment) {
        html.append(fragment);
        return this;
    }

    ConsolePage text(Object value) {
        html.append(escape(value));
        return this;
    }

    /** A flash message after an action ({@code error} styles it as a failure). */
    ConsolePage message(String text, boolean error) {
        if (text != null && !text.isBlank()) {
            html.append("<div class=\"").append(error ? "error" : "flash").append("\" id=\"message\">")
                    .append(escape(text)).append("</div>");
        }
        return this;
    }

    /** The hidden field that carries the CSRF token in every form that changes something. */
    String csrfField() {
        return csrf == null ? "" : "<input type=\"hidden\" name=\"" + escape(csrf.getParameterName()) + "\" value=\""
                + escape(csrf.getToken()) + "\">";
    }

    String render() {
        return html + "</main></body></html>";
    }

    static String escape(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A time as UTC to the second, or a dash. */
    static String time(Instant at) {
        return at == null ? "–" : "<time>" + at.truncatedTo(ChronoUnit.SECONDS) + "</time>";
    }

    /** An age such as {@code 3 min 20 s}, or a dash. */
    static String age(Duration age) {
        if (age == null) {
            return "–";
        }
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}
