package ai.sahha.bridge.backfill;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import ai.sahha.bridge.intake.EventRouting;
import ai.sahha.bridge.journal.Journal;
import ai.sahha.bridge.journal.JournalUnavailableException;
import ai.sahha.bridge.journal.ReceiptKey;
import ai.sahha.bridge.records.Archetype;
import ai.sahha.bridge.records.SahhaRecords;
import ai.sahha.bridge.records.Score;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs a backfill job: lists the profiles (paging through the account, detecting whether pages count from 0 or
 * 1), fetches each profile's archetypes (and scores) from the Sahha API and journals them exactly as webhooks
 * are journaled, so the same dedupe, identity, ordering and delivery apply. A record already journaled is a
 * duplicate; one a destination already has is not sent again. Backfilled archetypes carry no
 * {@code createdAtUtc} from the API, so they are dated at their period's end: any webhook for the same period,
 * created after it, stays the newer one.
 */
public class Backfill {

    /** Told after each profile. */
    public interface Progress {
        void update(BackfillJobs.Job job);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);
    private static final int BATCH = 50;

    private final SahhaApiClient api;
    private final BackfillJobs jobs;
    private final Journal journal;
    private final EventRouting routing;
    private final ObjectMapper mapper;
    private final int pageSize;
    private final List<String> scoreTypes;
    private final Duration commitTimeout;

    public Backfill(SahhaApiClient api, BackfillJobs jobs, Journal journal, EventRouting routing, ObjectMapper mapper,
                    int pageSize, List<String> scoreTypes, Duration commitTimeout) {
        this.api = api;
        this.jobs = jobs;
        this.journal = journal;
        this.routing = routing;
        this.mapper = mapper;
        this.pageSize = pageSize;
        this.scoreTypes = List.copyOf(scoreTypes);
        this.commitTimeout = commitTimeout;
    }

    /** Runs (or resumes) the request's job until it is complete, fails, or {@code stop} says so. */
    public BackfillJobs.Job run(BackfillRequest request, Progress progress, BooleanSupplier stop) {
        BackfillJobs.Job job = jobs.open(request);
        String id = job.id();
        LOG.info("Backfill {} started: {}", id, request.describe());
        try {
            if (request.source() != BackfillRequest.Source.ALL && !job.listed()) {
                jobs.addProfiles(id, request.externalIds());
                jobs.listed(id);
            }
            while (true) {
                if (!processPending(request, id, progress, stop)) {
                    jobs.finish(id, "STOPPED", null);
                    return jobs.find(id);
                }
                job = jobs.find(id);
                if (job.listed()) {
                    break;
                }
                listNextPage(request, job);
            }
            jobs.finish(id, "COMPLETE", null);
        } catch (RuntimeException e) {
            LOG.warn("Backfill {} failed: {}", id, e.getMessage());
            jobs.finish(id, "FAILED", e.getMessage());
        }
        BackfillJobs.Job finished = jobs.find(id);
        progress.update(finished);
        LOG.info("Backfill {} {}: {} profile(s), {} record(s) journaled", id, finished.status().toLowerCase(),
                finished.done(), finished.records());
        return finished;
    }

    /** False when stopped. */
    private boolean processPending(BackfillRequest request, String jobId, Progress progress, BooleanSupplier stop) {
        for (List<String> batch = jobs.pending(jobId, BATCH); !batch.isEmpty(); batch = jobs.pending(jobId, BATCH)) {
            for (String externalId : batch) {
                if (stop.getAsBoolean()) {
                    return false;
                }
                jobs.profileDone(jobId, externalId, backfillProfile(request, externalId));
                progress.update(jobs.find(jobId));
            }
        }
        return true;
    }

    private void listNextPage(BackfillRequest request, BackfillJobs.Job job) {
        int page = job.nextPage() == null ? 0 : job.nextPage();
        SahhaApiClient.ProfilePage answer = api.profiles(page, pageSize);
        Integer base = job.pageBase();
        if (base == null) {
            if (page == 0 && answer.items().isEmpty() && answer.totalCount() > 0) {
                // a 1-based API answers page 0 with nothing: start again at 1
                jobs.listing(job.id(), 1, 1, false, answer.totalCount());
                return;
            }
            base = answer.currentPage() == page ? page : 1; // asked 0, told 1: the API counts from 1
        }
        jobs.addProfiles(job.id(), answer.items().stream()
                .filter(profile -> request.sampleProfiles() || !profile.sample())
                .map(SahhaApiClient.Profile::externalId).toList());
        int current = answer.currentPage();
        boolean last = answer.items().isEmpty() || current - base + 1 >= answer.totalPages();
        jobs.listing(job.id(), current + 1, base, last, answer.totalCount());
        if (last) {
            jobs.listed(job.id()); // the total is now what was listed (sample profiles left out)
        }
    }

    /** Journals the profile's records; returns how many were new to the journal. */
    private int backfillProfile(BackfillRequest request, String externalId) {
        int journaled = 0;
        List<ObjectNode> archetypes = new ArrayList<>();
        for (JsonNode archetype : api.archetypes(externalId, request.since(), request.until())) {
            ObjectNode payload = ((ObjectNode) archetype.deepCopy()).put("externalId", externalId);
            if (!payload.hasNonNull("createdAtUtc") && payload.hasNonNull("endDateTime")) {
                payload.put("createdAtUtc", SahhaRecords.instant(payload.path("endDateTime").asString("")).toString());
            }
            archetypes.add(payload);
        }
        archetypes.sort(Comparator.comparing(Backfill::createdAt)); // oldest first, so history arrives in order
        for (ObjectNode archetype : archetypes) {
            journaled += journal(Archetype.EVENT_TYPE, externalId, archetype);
        }
        if (request.scores()) {
            for (JsonNode score : api.scores(externalId, scoreTypes, request.since(), request.until())) {
                journaled += journal(Score.EVENT_TYPE, externalId,
                        ((ObjectNode) score.deepCopy()).put("externalId", externalId));
            }
        }
        return journaled;
    }

    private static Instant createdAt(JsonNode record) {
        try {
            return SahhaRecords.instant(record.path("createdAtUtc").asString(""));
        } catch (RuntimeException unreadable) {
            return Instant.MIN; // rejected when it is journaled
        }
    }

    private int journal(String eventType, String externalId, ObjectNode record) {
        String payload = record.put("backfilled", true).toString();
        try {
            SahhaRecords.parse(mapper, eventType, payload);
        } catch (RuntimeException unusable) {
            LOG.warn("Backfill skipped a {} the API returned: {}", eventType, unusable.getMessage());
            return 0;
        }
        String receiptKey = ReceiptKey.of(record, eventType, payload.getBytes(StandardCharsets.UTF_8));
        try {
            Journal.Outcome outcome = journal.append(new Journal.Entry(receiptKey, eventType, externalId, payload,
                    routing.destinations(eventType))).get(commitTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return outcome == Journal.Outcome.ACCEPTED ? 1 : 0;
        } catch (ExecutionException | TimeoutException e) {
            throw new JournalUnavailableException("the journal did not take a backfilled record", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalUnavailableException("interrupted", e);
        }
    }
}
