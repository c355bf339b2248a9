package ai.sahha.bridge.backfill;

import java.time.Instant;
import java.util.List;

import ai.sahha.bridge.Hashing;

/**
 * What to backfill: every profile of the account, a list of externalIds (from a file) or one externalId, over a
 * time window, archetypes and optionally scores. The same request is the same job: run again, it resumes.
 */
public record BackfillRequest(Source source, List<String> externalIds, Instant since, Instant until,
                              boolean scores, boolean sampleProfiles) {

    public enum Source { ALL, LIST, ONE }

    public BackfillRequest {
        externalIds = externalIds == null ? List.of() : List.copyOf(externalIds);
        if (source != Source.ALL && externalIds.isEmpty()) {
            throw new IllegalArgumentException("no externalId to backfill");
        }
        if (!since.isBefore(until)) {
            throw new IllegalArgumentException("since must be before until");
        }
    }

    /** The job's id: the same source, people, window and options give the same id. */
    public String jobId() {
        return Hashing.sha256Hex(source + "|" + String.join("\n", externalIds) + "|" + since + "|" + until + "|"
                + scores + "|" + sampleProfiles).substring(0, 32);
    }

    public String describe() {
        String who = switch (source) {
            case ALL -> "all profiles" + (sampleProfiles ? " (with sample profiles)" : "");
            case LIST -> externalIds.size() + " listed profile(s)";
            case ONE -> "one profile";
        };
        return who + ", " + (scores ? "archetypes and scores" : "archetypes") + " from " + since + " to " + until;
    }
}
