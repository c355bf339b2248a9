package ai.sahha.bridge.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.AuditLog;
import ai.sahha.bridge.Times;
import ai.sahha.bridge.backfill.BackfillJobs;
import ai.sahha.bridge.backfill.BackfillRequest;
import ai.sahha.bridge.backfill.BackfillService;
import ai.sahha.bridge.backfill.SahhaApiException;
import ai.sahha.bridge.config.BridgeProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * Backfill on the management port. {@code POST /actuator/backfill} with {@code {"all":true}}, {@code
 * {"externalIds":"id1,id2"}} or {@code {"externalId":"id"}}, optionally {@code "since"}, {@code "until"} (dates or
 * instants) and {@code "scores":true}, starts (or resumes) a job; {@code {"stop":true}} stops the running one.
 * {@code GET} shows the jobs with their progress, rate and ETA.
 */
@Component
@Endpoint(id = "backfill")
public class BackfillEndpoint {

    private final BackfillService service;
    private final BridgeProperties properties;

    public BackfillEndpoint(BackfillService service, BridgeProperties properties) {
        this.service = service;
        this.properties = properties;
    }

    @ReadOperation
    public Map<String, Object> jobs() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("running", service.running());
        answer.put("jobs", service.recent().stream().map(BackfillEndpoint::describe).toList());
        return answer;
    }

    @WriteOperation
    public WebEndpointResponse<Object> start(@Nullable Boolean all, @Nullable String externalIds,
                                             @Nullable String externalId, @Nullable String since,
                                             @Nullable String until, @Nullable Boolean scores, @Nullable Boolean stop) {
        if (Boolean.TRUE.equals(stop)) {
            boolean stopping = service.stop();
            AuditLog.record("stop backfill", "the running job", stopping ? 1 : 0);
            return new WebEndpointResponse<>(Map.of("stopping", stopping));
        }
        try {
            BackfillRequest request;
            if (Boolean.TRUE.equals(all)) {
                request = request(BackfillRequest.Source.ALL, List.of(), since, until, scores);
            } else if (externalIds != null) {
                request = request(BackfillRequest.Source.LIST, Arrays.stream(externalIds.split(","))
                        .map(String::strip).filter(id -> !id.isEmpty()).toList(), since, until, scores);
            } else if (externalId != null) {
                request = request(BackfillRequest.Source.ONE, List.of(externalId), since, until, scores);
            } else {
                return error(400, "give all, externalIds or externalId (or stop)");
            }
            String job = service.start(request);
            AuditLog.record("start backfill", "job " + job + ": " + request.describe(), request.externalIds().size());
            return new WebEndpointResponse<>(Map.of("started", job), 202);
        } catch (DateTimeParseException e) {
            return error(400, "since and until must be ISO-8601 dates or instants");
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        } catch (SahhaApiException e) {
            return error(503, e.getMessage());
        } catch (IllegalStateException e) {
            return error(409, e.getMessage());
        }
    }

    /** A backfill of these people from {@code since} (default: the configured window before {@code until}) to now. */
    private BackfillRequest request(BackfillRequest.Source source, List<String> externalIds, @Nullable String since,
                            @Nullable String until, @Nullable Boolean scores) {
        Instant end = until == null || until.isBlank() ? Instant.now() : Times.dateOrInstant(until);
        Instant start = since == null || since.isBlank() ? end.minus(properties.backfill().defaultWindow())
                : Times.dateOrInstant(since);
        return new BackfillRequest(source, externalIds, start, end, Boolean.TRUE.equals(scores), false);
    }

    private static Map<String, Object> describe(BackfillJobs.Job job) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", job.id());
        fields.put("description", job.description());
        fields.put("status", job.status());
        fields.put("profilesDone", job.done());
        fields.put("profilesTotal", job.total());
        fields.put("recordsJournaled", job.records());
        fields.put("profilesPerSecond", Math.round(job.rate() * 100) / 100.0);
        fields.put("eta", job.eta() == null ? null : job.eta().toString());
        fields.put("startedAt", job.startedAt().toString());
        fields.put("updatedAt", job.updatedAt().toString());
        fields.put("lastError", job.lastError());
        return fields;
    }

    private static WebEndpointResponse<Object> error(int status, String message) {
        return new WebEndpointResponse<>(Map.of("error", message), status);
    }
}
