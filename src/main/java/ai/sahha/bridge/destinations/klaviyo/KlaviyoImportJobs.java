package ai.sahha.bridge.destinations.klaviyo;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import ai.sahha.bridge.ExchangeVariables;
import ai.sahha.bridge.delivery.BulkBatch;
import ai.sahha.bridge.delivery.BulkCall;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.delivery.VendorRequestPreparer;
import ai.sahha.bridge.journal.DeliveryFailure;
import org.apache.camel.Exchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Follows a Klaviyo profile bulk import job after its 202, for the route's polling loop: asks for the job's status
 * every {@code pollInterval} until it is complete, then, if some profiles failed, reads the job's import errors page
 * by page and fails only those profiles' deliveries (by the error's pointer into the job, else by the identifier in
 * its original payload). A job that is cancelled or still unfinished after {@code timeout} fails its deliveries
 * transiently: they are imported again later (an import is an upsert).
 */
public class KlaviyoImportJobs {

    private static final String[] IDENTIFIERS = {"email", "phone_number", "external_id"};

    private final ObjectMapper mapper;
    private final long pollMillis;
    private final long timeoutMillis;
    private final Clock clock;

    public KlaviyoImportJobs(ObjectMapper mapper, Duration pollInterval, Duration timeout, Clock clock) {
        this.mapper = mapper;
        this.pollMillis = pollInterval.toMillis();
        this.timeoutMillis = timeout.toMillis();
        this.clock = clock;
    }

    /** Where the loop is: {@code pending} while there is another request to make, after {@code waitMillis}. */
    public static final class Progress {
        private final BulkCall call;
        private final String job;
        private final long deadline;
        private boolean pending = true;
        private long waitMillis;

        Progress(BulkCall call, String job, long deadline) {
            this.call = call;
            this.job = job;
            this.deadline = deadline;
        }

        public boolean pending() {
            return pending;
        }

        public long waitMillis() {
            return waitMillis;
        }
    }

    /** After the job was accepted: the first status request. */
    public void submitted(Exchange exchange) throws Exception {
        BulkCall call = exchange.getVariable(ExchangeVariables.BULK_CALL, BulkCall.class);
        String job = mapper.readTree(exchange.getMessage().getBody(String.class)).path("data").path("id").asString("");
        Progress progress = new Progress(call, job, clock.millis() + timeoutMillis);
        exchange.setVariable(ExchangeVariables.IMPORT_JOB, progress);
        askStatus(exchange, progress);
    }

    /** After each answer of the loop: the next request, or the end. */
    public void answered(Exchange exchange) throws Exception {
        Progress progress = exchange.getVariable(ExchangeVariables.IMPORT_JOB, Progress.class);
        JsonNode answer = mapper.readTree(exchange.getMessage().getBody(String.class));
        if (exchange.getVariable(ExchangeVariables.VENDOR_PATH, String.class).endsWith("/import-errors")) {
            failProfiles(progress.call, answer.path("data"));
            String next = answer.path("links").path("next").asString("");
            if (next.isEmpty()) {
                progress.pending = false;
            } else {
                ask(exchange, progress, URI.create(next.replace("[", "%5B").replace("]", "%5D")), 0);
            }
            return;
        }
        JsonNode attributes = answer.path("data").path("attributes");
        String status = attributes.path("status").asString("");
        if ("complete".equals(status)) {
            if (attributes.path("failed_count").asInt(0) > 0) {
                ask(exchange, progress, URI.create("/api/profile-bulk-import-jobs/" + progress.job
                        + "/import-errors?page%5Bsize%5D=100"), 0);
            } else {
                progress.pending = false;
            }
        } else if ("cancelled".equals(status) || clock.millis() > progress.deadline) {
            progress.call.batch().failed(progress.call, new DeliveryFailure(false, null,
                    "Klaviyo import job " + progress.job + " " + ("cancelled".equals(status) ? "was cancelled"
                            : "still " + status + " after " + Duration.ofMillis(timeoutMillis)), null));
            progress.pending = false;
        } else {
            askStatus(exchange, progress);
        }
    }

    private void askStatus(Exchange exchange, Progress progress) {
        ask(exchange, progress, URI.create("/api/profile-bulk-import-jobs/" + progress.job), pollMillis);
    }

    private static void ask(Exchange exchange, Progress progress, URI request, long afterMillis) {
        VendorRequestPreparer.prepare(exchange, new VendorRequest("GET", request.getRawPath(), null,
                progress.call.request().headers()), progress.call.items().size());
        if (request.getRawQuery() != null) {
            exchange.getMessage().setHeader(Exchange.HTTP_QUERY, request.getRawQuery());
        }
        progress.waitMillis = afterMillis;
    }

    private static void failProfiles(BulkCall call, JsonNode errors) {
        List<BulkBatch.Item> items = call.items();
        for (JsonNode error : errors) {
            JsonNode attributes = error.path("attributes");
            DeliveryFailure failure = new DeliveryFailure(true, null, attributes.path("code").asString(null),
                    "Klaviyo import error "
                    + attributes.path("code").asString("") + ": " + attributes.path("title").asString("") + " "
                    + attributes.path("detail").asString(""), null);
            int index = pointedAt(attributes.path("source").path("pointer").asString(""));
            if (index >= 0 && index < items.size()) {
                call.batch().refused(items.get(index), failure);
                continue;
            }
            JsonNode payload = attributes.path("original_payload");
            JsonNode identified = payload.has("attributes") ? payload.get("attributes") : payload;
            for (String field : IDENTIFIERS) {
                String value = identified.path(field).asString(null);
                items.stream().filter(item -> item.recipient().value().equals(value))
                        .forEach(item -> call.batch().refused(item, failure));
            }
        }
    }

    /** The profile index in a pointer such as {@code /data/attributes/profiles/data/3/attributes/email}, or -1. */
    static int pointedAt(String pointer) {
        String marker = "/profiles/data/";
        int at = pointer.indexOf(marker);
        if (at < 0) {
            return -1;
        }
        String rest = pointer.substring(at + marker.length());
        int end = rest.indexOf('/');
        try {
            return Integer.parseInt(end < 0 ? rest : rest.substring(0, end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
