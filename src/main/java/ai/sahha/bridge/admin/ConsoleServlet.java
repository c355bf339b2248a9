package ai.sahha.bridge.admin;

import static ai.sahha.bridge.admin.ConsolePage.age;
import static ai.sahha.bridge.admin.ConsolePage.escape;
import static ai.sahha.bridge.admin.ConsolePage.time;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import ai.sahha.bridge.backfill.BackfillJobs;
import ai.sahha.bridge.backfill.BackfillService;
import ai.sahha.bridge.journal.DeadLetter;
import ai.sahha.bridge.journal.DeliveryAttempt;
import ai.sahha.bridge.journal.DeliveryStore;
import ai.sahha.bridge.journal.SetAsideFilter;
import ai.sahha.bridge.privacy.ErasureRequests;
import ai.sahha.bridge.privacy.PersonRecords;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * The operator's console on the management port ({@code /console/}): server-rendered pages over the same code as the
 * admin API's endpoints, so that an action taken here is checked, carried out and audited exactly as there. Who may
 * see and do what is {@link AdminSecurity}'s: a login form with CSRF protection, the viewer reads, the operator acts.
 */
final class ConsoleServlet extends HttpServlet {

    private static final int LISTED = 100;
    private static final String FLASH = "console.flash";
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);

    private final transient Collaborators use;

    /** What the console reads and acts through; all of it lives in the application's context. */
    record Collaborators(DeliveryStore store, Set<String> configured, Set<String> enabled, MeterRegistry meters,
                         CounterHistory counters, DeadLetterEndpoint deadLetters, ParkedEndpoint parked,
                         IdentityEndpoint identities, BackfillEndpoint backfill, BackfillService backfills,
                         PeopleEndpoint people, PersonRecords records, boolean loginConfigured, Clock clock) {
    }

    ConsoleServlet(Collaborators use) {
        this.use = use;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = path(request);
        switch (path) {
            case "" -> overview(request, response);
            case "login" -> login(request, response);
            case "dead-letters" -> deadLetters(request, response);
            case "parked" -> parked(request, response);
            case "backfill" -> backfill(request, response);
            case "people" -> people(request, response);
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (path(request)) {
            case "dead-letters/replay" -> replay(request, response);
            case "parked/retry" -> {
                WebEndpointResponse<Object> answer = use.parked().retry(blankToNull(request.getParameter("destination")));
                redirect(request, response, "parked", "Put " + field(answer, "unparked")
                        + " parked delivery(ies) back in line.", false);
            }
            case "parked/identities" -> importIdentities(request, response);
            case "people/find" -> findPerson(request, response);
            case "people/forget" -> forgetPerson(request, response);
            case "people/lift" -> liftSuppression(request, response);
            case "backfill/start" -> startBackfill(request, response);
            case "backfill/stop" -> {
                WebEndpointResponse<Object> answer = use.backfill().start(null, null, null, null, null, null, true);
                boolean stopping = Boolean.TRUE.equals(((Map<?, ?>) answer.getBody()).get("stopping"));
                redirect(request, response, "backfill", stopping ? "Stopping the running backfill."
                        : "No backfill was running.", false);
            }
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    // --- overview -------------------------------------------------------------------------------------------

    private void overview(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ConsolePage page = page(request, "Overview", "");
        page.raw("<h2>Destinations</h2><table id=\"destinations\"><tr><th>Destination</th><th>On</th>"
                + "<th>Backlog*</th><th>Oldest waiting*</th><th>Dead letters*</th><th>Parked*</th>"
                + "<th>Sent, last minute</th><th>Sent, last hour</th><th>429s, last hour</th>"
                + "<th>Rate factor</th><th>Last error*</th></tr>");
        for (String destination : use.configured()) {
            page.raw("<tr data-destination=\"" + escape(destination) + "\"><td>" + escape(destination) + "</td>");
            if (!use.enabled().contains(destination)) {
                page.raw("<td>off</td><td colspan=\"9\" class=\"note\">not configured: no credentials or "
                        + "switched off</td></tr>");
                continue;
            }
            double oldest = gauge("bridge.delivery.oldest_waiting", destination);
            page.raw("<td>on</td>" + number(gauge("bridge.delivery.backlog", destination))
                    + "<td class=\"n\">" + (oldest > 0 ? age(Duration.ofSeconds((long) oldest)) : "–") + "</td>"
                    + number(gauge("bridge.delivery.dead_letters", destination))
                    + number(gauge("bridge.delivery.parked", destination))
                    + number(delivered(destination, MINUTE)) + number(delivered(destination, HOUR))
                    + number(use.counters().increase("bridge.vendor.calls", HOUR, "destination", destination,
                            "outcome", "throttled"))
                    + "<td class=\"n\">" + rateFactor(destination) + "</td><td>"
                    + escape(excerpt(use.store().lastError(destination))) + "</td></tr>");
        }
        page.raw("</table><p class=\"note\">* the whole deployment's, from the database (read at most every few "
                + "seconds). The other figures are this replica's own, from its meters since it started.</p>");
        page.raw("<h2>Intake (this replica)</h2><table id=\"intake\"><tr><th>Answer</th><th>Last minute</th>"
                + "<th>Last hour</th><th>Since start</th></tr>");
        for (String outcome : outcomes("bridge.webhooks")) {
            page.raw("<tr><td>" + escape(outcome) + "</td>"
                    + number(use.counters().increase("bridge.webhooks", MINUTE, "outcome", outcome))
                    + number(use.counters().increase("bridge.webhooks", HOUR, "outcome", outcome))
                    + number(use.counters().total("bridge.webhooks", "outcome", outcome)) + "</tr>");
        }
        page.raw("</table><p class=\"note\">Intake rate over the last minute: " + String.format("%.1f",
                use.counters().increase("bridge.webhooks", MINUTE, "outcome", "accepted") / 60.0) + " accepted/s.</p>");
        send(response, page);
    }

    private long delivered(String destination, Duration window) {
        return use.counters().increase("bridge.deliveries", window, "destination", destination, "outcome", "delivered");
    }

    private double gauge(String name, String destination) {
        Gauge gauge = use.meters().find(name).tag("destination", destination).gauge();
        return gauge == null ? 0 : gauge.value();
    }

    private String rateFactor(String destination) {
        double lowest = Search.in(use.meters()).name("bridge.vendor.rate_factor").tag("destination", destination)
                .gauges().stream().mapToDouble(Gauge::value).min().orElse(1);
        return String.format("%.2f", lowest);
    }

    private List<String> outcomes(String counter) {
        return Search.in(use.meters()).name(counter).counters().stream().map(c -> c.getId().getTag("outcome"))
                .distinct().sorted().toList();
    }

    // --- dead letters ---------------------------------------------------------------------------------------

    private void deadLetters(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ConsolePage page = page(request, "Dead letters", "dead-letters");
        SetAsideFilter filter;
        try {
            filter = filter(request);
        } catch (IllegalArgumentException e) {
            page.message(e.getMessage(), true);
            filter = SetAsideFilter.ANY;
        }
        page.raw("<form method=\"get\" action=\"/console/dead-letters\" id=\"filter\"><fieldset><legend>Filter"
                + "</legend>" + select("destination", "Destination", use.configured(), filter.destination())
                + select("vendorStatus", "Vendor status", List.of("4xx", "5xx", "timeout"),
                        filter.vendorStatus() == null ? null : filter.vendorStatus().label())
                + select("eventType", "Event type", eventTypes(), filter.eventType())
                + input("since", "Failed since", request.getParameter("since"))
                + input("until", "until", request.getParameter("until"))
                + "<button id=\"apply-filter\">Filter</button> <span class=\"note\">times: a date or an ISO-8601 "
                + "instant, UTC</span></fieldset></form>");
        long matching = use.store().countDeadLetters(filter);
        List<DeadLetter> letters = use.store().deadLetters(filter, LISTED);
        Map<Long, List<DeliveryAttempt>> histories = use.store().attempts(letters.stream().map(DeadLetter::id)
                .toList());
        page.raw("<p id=\"matching\">" + matching + " dead letter(s) match" + (matching > letters.size()
                ? "; the oldest " + letters.size() + " are listed" : "") + ".</p>");
        page.raw("<form method=\"post\" action=\"/console/dead-letters/replay\" id=\"replay\">" + page.csrfField()
                + hiddenFilter(request));
        if (!letters.isEmpty()) {
            page.raw("<p><button name=\"action\" value=\"selected\" id=\"replay-selected\">Replay selected</button> "
                    + "<button name=\"action\" value=\"matching\" id=\"replay-matching\">Replay all " + matching
                    + " that match</button></p>");
        }
        page.raw("<table id=\"dead-letters\"><tr><th></th><th>Destination</th><th>Event type</th><th>Person</th>"
                + "<th>Received</th><th>Failed</th><th>Attempts</th><th>Vendor status</th><th>Vendor answer"
                + "</th><th></th></tr>");
        for (DeadLetter letter : letters) {
            page.raw("<tr data-id=\"" + letter.id() + "\"><td><input type=\"checkbox\" name=\"id\" value=\""
                    + letter.id() + "\" aria-label=\"select\"></td><td>" + escape(letter.destination()) + "</td><td>"
                    + escape(letter.eventType()) + "</td><td><code>" + escape(letter.personTag()) + "</code></td><td>"
                    + time(letter.receivedAt()) + "</td><td>" + time(letter.failedAt()) + "</td><td class=\"n\">"
                    + letter.attempts() + "</td><td>" + status(letter.lastHttpStatus(), letter.lastErrorCode())
                    + "</td><td class=\"answer\">" + escape(excerpt(letter.lastError())) + "</td><td><button "
                    + "name=\"one\" value=\"" + letter.id() + "\" class=\"replay-one\">Replay</button></td></tr>"
                    + history(letter.id(), histories.get(letter.id())));
        }
        page.raw("</table></form><p class=\"note\">The person is their keyed tag; the event's health values are "
                + "never shown. Vendor answers are excerpts with personal data masked.</p>");
        send(response, page);
    }

    /** One replays at once; a selection or everything that matches is counted and confirmed first. */
    private void replay(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String one = request.getParameter("one");
        if (one != null) {
            int replayed = use.deadLetters().replay(List.of(Long.parseLong(one)));
            redirect(request, response, "dead-letters", replayed == 1 ? "Replayed 1 dead letter."
                    : "That dead letter was already replayed.", replayed != 1);
            return;
        }
        boolean matching = "matching".equals(request.getParameter("action"));
        SetAsideFilter filter = filter(request);
        List<Long> ids = ids(request);
        if (!matching && ids.isEmpty()) {
            redirect(request, response, "dead-letters", "Select the dead letters to replay first.", true);
            return;
        }
        String asOf = request.getParameter("asOf");
        if (request.getParameter("confirmed") == null) {
            Instant now = use.clock().instant();
            long count = matching ? use.store().countDeadLetters(filter.until(now)) : ids.size();
            ConsolePage page = page(request, "Replay dead letters?", "dead-letters");
            page.raw("<form method=\"post\" action=\"/console/dead-letters/replay\" id=\"confirm-replay\">"
                    + page.csrfField() + hiddenFilter(request) + "<input type=\"hidden\" name=\"action\" value=\""
                    + (matching ? "matching" : "selected") + "\"><input type=\"hidden\" name=\"asOf\" value=\""
                    + now.toEpochMilli() + "\">");
            for (long id : ids) {
                page.raw("<input type=\"hidden\" name=\"id\" value=\"" + id + "\">");
            }
            page.raw("<p id=\"replay-count\">This puts <strong>" + count + "</strong> dead letter(s) back in line for "
                    + "delivery" + (matching ? ": all that match " + escape(DeadLetterEndpoint.describe(filter))
                    + " and failed before " + time(now) : ", the ones selected") + ".</p>"
                    + "<button name=\"confirmed\" value=\"" + count + "\" id=\"confirm\">Replay " + count
                    + "</button> <a href=\"/console/dead-letters\">Cancel</a></form>");
            send(response, page);
            return;
        }
        int replayed = matching
                ? use.deadLetters().replay(filter.until(Instant.ofEpochMilli(Long.parseLong(asOf))))
                : use.deadLetters().replay(ids);
        redirect(request, response, "dead-letters", "Replayed " + replayed + " dead letter(s).", false);
    }

    private static SetAsideFilter filter(HttpServletRequest request) {
        return DeadLetterEndpoint.filter(request.getParameter("destination"), request.getParameter("vendorStatus"),
                request.getParameter("eventType"), request.getParameter("since"), request.getParameter("until"));
    }

    private static List<Long> ids(HttpServletRequest request) {
        String[] ids = request.getParameterValues("id");
        return ids == null ? List.of() : Arrays.stream(ids).map(Long::parseLong).distinct().toList();
    }

    private List<String> eventTypes() {
        return use.store().deadLetterEventTypes();
    }

    /** The attempt history of a delivery, as a row of its own under the delivery's. */
    private static String history(long delivery, List<DeliveryAttempt> attempts) {
        if (attempts == null || attempts.isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder("<tr class=\"history\" data-for=\"" + delivery + "\"><td></td>"
                + "<td colspan=\"9\"><details><summary>" + attempts.size() + " attempt(s)</summary>"
                + "<table class=\"attempts\"><tr><th>Time</th><th>Outcome</th><th>Vendor status</th><th>Answer</th>"
                + "<th>Next try</th></tr>");
        for (DeliveryAttempt attempt : attempts) {
            html.append("<tr><td>").append(time(attempt.attemptedAt())).append("</td><td>")
                    .append(escape(attempt.outcome())).append("</td><td>")
                    .append(status(attempt)).append("</td><td class=\"answer\">")
                    .append(escape(excerpt(attempt.detail()))).append("</td><td>")
                    .append(time(attempt.nextAttemptAt())).append("</td></tr>");
        }
        return html.append("</table></details></td></tr>").toString();
    }

    // --- parked ---------------------------------------------------------------------------------------------

    private void parked(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ConsolePage page = page(request, "Parked deliveries", "parked");
        page.raw("<p>A delivery parks when the person's identity (email, phone) for a destination is unknown. It "
                + "tries again when a mapping arrives, at its recheck, or now.</p>");
        page.raw("<table id=\"parked-reasons\"><tr><th>Destination</th><th>Reason</th><th>Parked</th><th></th></tr>");
        for (DeliveryStore.ParkedReason reason : use.store().parkedReasons()) {
            page.raw("<tr><td>" + escape(reason.destination()) + "</td><td>" + escape(reason.reason())
                    + "</td>" + number(reason.count()) + "<td><form class=\"inline\" method=\"post\" "
                    + "action=\"/console/parked/retry\">" + page.csrfField() + "<input type=\"hidden\" "
                    + "name=\"destination\" value=\"" + escape(reason.destination()) + "\"><button>Retry now</button>"
                    + "</form></td></tr>");
        }
        page.raw("</table>");
        page.raw("<h2>Import identities</h2><form method=\"post\" action=\"/console/parked/identities\" "
                + "enctype=\"multipart/form-data\" id=\"import-identities\"><fieldset>" + page.csrfField()
                + "<label>CSV file <input type=\"file\" name=\"file\" accept=\".csv,text/csv\" id=\"identities-file\">"
                + "</label><button>Import</button><p class=\"note\">A header row naming external_id and email and/or "
                + "phone, as for the import-identities command; the parked deliveries of the people imported are "
                + "put back in line.</p></fieldset></form>");
        page.raw("<h2>Recently parked</h2><table id=\"parked\"><tr><th>Destination</th><th>Event type</th>"
                + "<th>Person</th><th>Received</th><th>Parked</th><th>Times parked</th><th>Reason</th></tr>");
        for (DeadLetter parked : use.store().parked(null, null, LISTED)) {
            page.raw("<tr><td>" + escape(parked.destination()) + "</td><td>" + escape(parked.eventType())
                    + "</td><td><code>" + escape(parked.personTag()) + "</code></td><td>" + time(parked.receivedAt())
                    + "</td><td>" + time(parked.failedAt()) + "</td>" + number(parked.attempts()) + "<td>"
                    + escape(parked.lastError()) + "</td></tr>");
        }
        send(response, page.raw("</table>"));
    }

    private void importIdentities(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String csv = upload(request);
        if (csv == null) {
            redirect(request, response, "parked", "Choose a CSV file to import.", true);
            return;
        }
        WebEndpointResponse<Object> answer = use.identities().save(csv, null, null, null);
        redirect(request, response, "parked", answer.getStatus() == 200 ? "Imported " + field(answer, "saved")
                + " mapping(s); " + field(answer, "unparked") + " parked delivery(ies) put back in line."
                : "Not imported: " + field(answer, "error"), answer.getStatus() != 200);
    }

    // --- backfill -------------------------------------------------------------------------------------------

    private void backfill(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ConsolePage page = page(request, "Backfill", "backfill");
        String running = use.backfills().running();
        page.raw("<p id=\"backfill-running\">" + (running == null ? "No backfill is running."
                : "Running: job " + escape(running) + ".") + "</p>");
        if (running != null) {
            page.raw("<form method=\"post\" action=\"/console/backfill/stop\">" + page.csrfField()
                    + "<button id=\"stop-backfill\">Stop</button></form>");
        }
        page.raw("<h2>Start</h2><form method=\"post\" action=\"/console/backfill/start\" enctype=\"multipart/form-data\" "
                + "id=\"start-backfill\"><fieldset>" + page.csrfField()
                + "<label><input type=\"radio\" name=\"source\" value=\"all\" checked> every profile</label>"
                + "<label><input type=\"radio\" name=\"source\" value=\"file\"> the externalIds in a file (one per "
                + "line) <input type=\"file\" name=\"file\"></label>"
                + "<label><input type=\"radio\" name=\"source\" value=\"one\"> one person "
                + "<input name=\"externalId\" autocomplete=\"off\"></label><br>"
                + input("since", "From", null) + input("until", "to", null)
                + "<label><input type=\"checkbox\" name=\"scores\" value=\"true\"> scores too</label>"
                + "<button id=\"start\">Start</button><p class=\"note\">From defaults to the configured window before to; to "
                + "defaults to now. The same request again resumes its job.</p></fieldset></form>");
        page.raw("<h2>Jobs</h2><table id=\"backfill-jobs\"><tr><th>Job</th><th>What</th><th>Status</th>"
                + "<th>Profiles</th><th>Records</th><th>Rate</th><th>ETA</th><th>Started</th><th>Updated</th>"
                + "<th>Last error</th></tr>");
        for (BackfillJobs.Job job : use.backfills().recent()) {
            page.raw("<tr data-job=\"" + escape(job.id()) + "\"><td><code>" + escape(job.id()) + "</code></td><td>"
                    + escape(job.description())
                    + "</td><td>" + escape(job.status()) + "</td><td class=\"n\">" + job.done() + " / " + job.total()
                    + "</td>" + number(job.records()) + "<td class=\"n\">"
                    + String.format("%.2f", job.rate()) + " profiles/s</td><td>" + age(job.eta()) + "</td><td>"
                    + time(job.startedAt()) + "</td><td>" + time(job.updatedAt()) + "</td><td>"
                    + escape(excerpt(job.lastError())) + "</td></tr>");
        }
        send(response, page.raw("</table>"));
    }

    private void startBackfill(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String source = String.valueOf(request.getParameter("source"));
        String ids = null;
        String one = null;
        if ("file".equals(source)) {
            String file = upload(request);
            ids = file == null ? "" : file.lines().map(String::strip).filter(line -> !line.isEmpty())
                    .collect(Collectors.joining(","));
        } else if ("one".equals(source)) {
            one = String.valueOf(request.getParameter("externalId")).strip();
        }
        WebEndpointResponse<Object> answer = use.backfill().start("all".equals(source) ? Boolean.TRUE : null, ids, one,
                request.getParameter("since"), request.getParameter("until"),
                "true".equals(request.getParameter("scores")), null);
        boolean started = answer.getStatus() == 202;
        redirect(request, response, "backfill", started ? "Started backfill job " + field(answer, "started") + "."
                : "Not started: " + field(answer, "error"), !started);
    }

    // --- people -------------------------------------------------------------------------------------------

    private void people(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ConsolePage page = page(request, "People", "people");
        Map<String, Object> state = use.people().erasureRequests(LISTED);
        page.raw("<form method=\"post\" action=\"/console/people/find\" id=\"find-person\"><fieldset><legend>Find a"
                + " person</legend>" + page.csrfField() + input("externalId", "externalId", null)
                + input("email", "or email (from the identity map)", null) + "<button id=\"find\">Find</button>"
                + "<p class=\"note\">Sent in the form, never in the address; every search is audited.</p></fieldset>"
                + "</form>");
        page.raw("<p id=\"privacy-counts\">" + state.get("suppressed") + " person(s) suppressed; " + state.get("open")
                + " erasure request(s) not yet done everywhere.</p>");
        page.raw("<h2>Erasure requests</h2>" + erasureTable(requests(state.get("requests"))));
        send(response, page);
    }

    private void findPerson(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String externalId = blankToNull(request.getParameter("externalId"));
        WebEndpointResponse<Object> answer = use.people().act("find", externalId,
                blankToNull(request.getParameter("email")));
        if (answer.getStatus() != 200) {
            redirect(request, response, "people", String.valueOf(field(answer, "error")), true);
            return;
        }
        @SuppressWarnings("unchecked")
        List<PersonRecords.Person> people = (List<PersonRecords.Person>) ((Map<?, ?>) answer.getBody()).get("people");
        ConsolePage page = page(request, "People", "people");
        if (people.isEmpty()) {
            page.message("Nobody in the identity map has that email.", true);
        }
        List<String> ids = externalId != null ? List.of(externalId)
                : use.records().byEmail(request.getParameter("email"));
        for (int i = 0; i < people.size(); i++) {
            person(page, people.get(i), ids.get(i));
        }
        send(response, page.raw("<p><a href=\"/console/people\">Back</a></p>"));
    }

    private static void person(ConsolePage page, PersonRecords.Person person, String externalId) {
        page.raw("<section class=\"person\" data-person=\"" + escape(person.tag()) + "\"><h2>Person <code>"
                + escape(person.tag()) + "</code></h2><p id=\"person-summary\">" + (person.suppressed()
                ? "<strong>Suppressed</strong>: their webhooks are answered and dropped. " : "")
                + "Identity map: " + (person.emailKnown() ? "email known" : "no email") + ", "
                + (person.phoneKnown() ? "phone known" : "no phone") + ". Backfill rows: " + person.backfillRows()
                + ".</p>");
        page.raw("<table class=\"deliveries\"><tr><th>Destination</th><th>Record type</th><th>Received</th>"
                + "<th>Status</th><th>Attempts</th><th>Vendor status</th><th>Attempt history</th></tr>");
        person.deliveries().forEach((destination, deliveries) -> {
            for (PersonRecords.Delivery delivery : deliveries) {
                page.raw("<tr data-destination=\"" + escape(destination) + "\"><td>" + escape(destination) + "</td><td>"
                        + escape(delivery.eventType()) + "</td><td>" + time(delivery.receivedAt()) + "</td><td>"
                        + escape(delivery.status()) + "</td>" + number(delivery.attempts()) + "<td>"
                        + (delivery.lastHttpStatus() == null ? "–" : status(delivery.lastHttpStatus(), null))
                        + "</td><td>" + delivery.history().stream()
                        .map(attempt -> time(attempt.attemptedAt()) + " " + escape(attempt.outcome()) + " "
                                + status(attempt))
                        .collect(Collectors.joining("<br>")) + "</td></tr>");
            }
        });
        page.raw("</table><p class=\"note\">Delivered attributes remembered: " + (person.deliveredAttributes().isEmpty()
                ? "none" : escape(person.deliveredAttributes().toString())) + ". Health values are never shown.</p>");
        String hidden = page.csrfField() + "<input type=\"hidden\" name=\"externalId\" value=\"" + escape(externalId)
                + "\">";
        page.raw("<form method=\"post\" action=\"/console/people/forget\" class=\"inline\">" + hidden
                + "<button class=\"forget\">Forget this person…</button></form>");
        if (person.suppressed()) {
            page.raw(" <form method=\"post\" action=\"/console/people/lift\" class=\"inline\">" + hidden
                    + "<button class=\"lift\">Lift the suppression</button></form>");
        }
        page.raw("<h3>Erasure requests</h3>" + erasureTable(person.erasureRequests()) + "</section>");
    }

    /** Forgetting is confirmed on a page of its own first: it cannot be undone. */
    private void forgetPerson(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String externalId = blankToNull(request.getParameter("externalId"));
        if (request.getParameter("confirmed") == null) {
            ConsolePage page = page(request, "Forget this person?", "people");
            page.raw("<form method=\"post\" action=\"/console/people/forget\" id=\"confirm-forget\">"
                    + page.csrfField() + "<input type=\"hidden\" name=\"externalId\" value=\"" + escape(externalId)
                    + "\"><p>This deletes everything the bridge holds about them (journal, deliveries, dead letters, "
                    + "parked rows, attempt history, delivered attributes, identity mapping, backfill rows), asks "
                    + "every destination to erase them, and drops their future webhooks until the suppression is "
                    + "lifted. It cannot be undone.</p><button name=\"confirmed\" value=\"1\" id=\"confirm\">Forget"
                    + "</button> <a href=\"/console/people\">Cancel</a></form>");
            send(response, page);
            return;
        }
        WebEndpointResponse<Object> answer = use.people().act("forget", externalId, null);
        redirect(request, response, "people", answer.getStatus() == 202 ? "Forgotten here; request "
                + ((ErasureRequests.Request) answer.getBody()).id() + " asks each destination to erase them."
                : String.valueOf(field(answer, "error")), answer.getStatus() != 202);
    }

    private void liftSuppression(HttpServletRequest request, HttpServletResponse response) throws IOException {
        WebEndpointResponse<Object> answer = use.people().act("lift",
                blankToNull(request.getParameter("externalId")), null);
        redirect(request, response, "people", answer.getStatus() == 202 ? "Suppression lifted: their webhooks are "
                + "forwarded again." : answer.getStatus() == 404 ? "They were not suppressed."
                : String.valueOf(field(answer, "error")), answer.getStatus() == 400);
    }

    @SuppressWarnings("unchecked")
    private static List<ErasureRequests.Request> requests(Object requests) {
        return (List<ErasureRequests.Request>) requests;
    }

    private static String erasureTable(List<ErasureRequests.Request> requests) {
        StringBuilder html = new StringBuilder("<table class=\"erasures\"><tr><th>Request</th><th>Kind</th>"
                + "<th>Person</th><th>By</th><th>Requested</th><th>Applied</th><th>Local rows deleted</th>"
                + "<th>Done</th><th>Destinations</th></tr>");
        for (ErasureRequests.Request request : requests) {
            html.append("<tr data-request=\"").append(request.id()).append("\"><td>").append(request.id())
                    .append("</td><td>").append(escape(request.kind())).append("</td><td><code>")
                    .append(escape(request.personTag())).append("</code></td><td>").append(escape(request.requestedBy()))
                    .append("</td><td>").append(time(request.requestedAt())).append("</td><td>")
                    .append(time(request.appliedAt())).append("</td><td class=\"n\">")
                    .append(request.deletedRows() == null ? "–" : request.deletedRows()).append("</td><td>")
                    .append(time(request.completedAt())).append("</td><td>")
                    .append(request.tasks().stream().map(task -> "<span class=\"task\" data-destination=\""
                            + escape(task.destination()) + "\">" + escape(task.destination()) + ": <strong>"
                            + escape(task.status()) + "</strong>" + (task.attempts() > 0 ? ", " + task.attempts()
                            + " attempt(s)" : "") + (task.detail() == null ? "" : " – " + escape(task.detail()))
                            + "</span>").collect(Collectors.joining("<br>"))).append("</td></tr>");
        }
        return html.append("</table>").toString();
    }

    // --- login and shared parts -----------------------------------------------------------------------------

    private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ConsolePage page = new ConsolePage("Log in", "login", null, csrf(request));
        if (request.getParameter("error") != null) {
            page.message("Wrong user name or password.", true);
        } else if (request.getParameter("logout") != null) {
            page.message("Logged out.", false);
        }
        if (!use.loginConfigured()) {
            page.message("No admin user is configured (bridge.admin.username and password): nobody can log in.",
                    true);
        }
        send(response, page.raw("<form method=\"post\" action=\"/console/login\" id=\"login\"><fieldset>"
                + page.csrfField() + "<label>User <input name=\"username\" id=\"username\" autocomplete=\"username\">"
                + "</label><label>Password <input type=\"password\" name=\"password\" id=\"password\" "
                + "autocomplete=\"current-password\"></label><button id=\"log-in\">Log in</button></fieldset></form>"));
    }

    private ConsolePage page(HttpServletRequest request, String title, String section) {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        ConsolePage page = new ConsolePage(title, section, who == null ? "?" : who.getName(), csrf(request));
        Object flash = request.getSession().getAttribute(FLASH);
        if (flash instanceof String[] message) {
            request.getSession().removeAttribute(FLASH);
            page.message(message[0], "error".equals(message[1]));
        }
        return page;
    }

    /** After an action, back to a page that shows its result (so that a reload does not repeat it). */
    private static void redirect(HttpServletRequest request, HttpServletResponse response, String section,
                                 String message, boolean error) throws IOException {
        request.getSession().setAttribute(FLASH, new String[] {message, error ? "error" : "ok"});
        response.sendRedirect("/console/" + section);
    }

    private static void send(HttpServletResponse response, ConsolePage page) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(page.render());
    }

    private static String path(HttpServletRequest request) {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private static CsrfToken csrf(HttpServletRequest request) {
        return (CsrfToken) request.getAttribute(CsrfToken.class.getName());
    }

    /** The uploaded file's text (UTF-8), or null when none was chosen. */
    private static String upload(HttpServletRequest request) throws IOException {
        try {
            Part part = request.getPart("file");
            if (part == null || part.getSize() == 0) {
                return null;
            }
            try (InputStream in = part.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (jakarta.servlet.ServletException | IllegalStateException e) {
            return null;
        }
    }

    private static String hiddenFilter(HttpServletRequest request) {
        StringBuilder html = new StringBuilder();
        for (String name : List.of("destination", "vendorStatus", "eventType", "since", "until")) {
            String value = request.getParameter(name);
            if (value != null && !value.isBlank()) {
                html.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(escape(value))
                        .append("\">");
            }
        }
        return html.toString();
    }

    private static String select(String name, String label, Iterable<String> options, String chosen) {
        StringBuilder html = new StringBuilder("<label>" + label + " <select name=\"" + name + "\" id=\"" + name
                + "\"><option value=\"\">any</option>");
        for (String option : options) {
            html.append("<option value=\"").append(escape(option)).append('"')
                    .append(option.equals(chosen) ? " selected" : "").append('>').append(escape(option)).append("</option>");
        }
        return html.append("</select></label>").toString();
    }

    private static String input(String name, String label, String value) {
        return "<label>" + label + " <input name=\"" + name + "\" id=\"" + name + "\" size=\"22\" value=\""
                + escape(value) + "\"></label>";
    }

    private static String number(double value) {
        return "<td class=\"n\">" + Math.round(value) + "</td>";
    }

    /** An attempt's vendor status; a delivery that went through without one (its answer is not kept) shows none. */
    private static String status(DeliveryAttempt attempt) {
        return attempt.httpStatus() == null && "delivered".equals(attempt.outcome()) ? ""
                : status(attempt.httpStatus(), attempt.errorCode());
    }

    private static String status(Integer httpStatus, String code) {
        String status = httpStatus == null ? "no answer" : httpStatus.toString();
        return escape(code == null ? status : status + " (" + code + ")");
    }

    private static String excerpt(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    private static Object field(WebEndpointResponse<Object> answer, String name) {
        return answer.getBody() instanceof Map<?, ?> body ? body.get(name) : null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

}
