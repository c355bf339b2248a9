package ai.sahha.bridge.records;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A Sahha health score ({@code sleep}, {@code activity}, …): {@code score} 0.0–1.0 and {@code state} may be null.
 * The current score of a type is the one of the latest {@code scoreDateTime}, and for the same day the latest
 * {@code createdAtUtc}.
 */
public record Score(String id, String profileId, String accountId, String externalId, String type, String state,
                    Double score, List<Factor> factors, String scoreDateTime, String createdAtUtc, String version)
        implements SahhaRecord {

    public static final String EVENT_TYPE = "ScoreCreatedIntegrationEvent";

    /** One factor of a score; any field may be null. */
    public record Factor(String name, Double value, Double goal, Double score, String state, String unit) {
    }

    public static Score parse(ObjectMapper mapper, String payload) {
        return of(Json.parse(mapper, payload));
    }

    static Score of(JsonNode node) {
        String what = "score";
        List<Factor> factors = new ArrayList<>();
        for (JsonNode factor : node.path("factors")) {
            String name = Json.optional(factor, "name");
            if (name != null) {
                factors.add(new Factor(name, Json.number(factor, "value"),
                        Json.number(factor, "goal"), Json.number(factor, "score"), Json.optional(factor, "state"),
                        Json.optional(factor, "unit")));
            }
        }
        Score score = new Score(Json.required(node, "id", what), Json.optional(node, "profileId"),
                Json.optional(node, "accountId"), Json.optional(node, "externalId"), Json.required(node, "type", what),
                Json.optional(node, "state"), Json.number(node, "score"), List.copyOf(factors),
                Json.required(node, "scoreDateTime", what), Json.required(node, "createdAtUtc", what),
                Json.optional(node, "version"));
        score.ordering();
        return score;
    }

    @Override
    public String eventType() {
        return EVENT_TYPE;
    }

    @Override
    public Instant createdAt() {
        return Json.instant(createdAtUtc);
    }

    public Instant scoredAt() {
        return Json.instant(scoreDateTime);
    }

    @Override
    public String attribute() {
        return "score/" + type;
    }

    @Override
    public Ordering ordering() {
        return new Ordering(scoredAt().toEpochMilli(), createdAt().toEpochMilli());
    }

    @Override
    public String changeValue() {
        return score + "/" + state;
    }

    @Override
    public boolean sendsEvent() {
        return true;
    }

    @Override
    public String[] content(String... qualifiers) {
        return SahhaRecord.join(new String[] {id, createdAtUtc, String.valueOf(score), String.valueOf(state)},
                qualifiers);
    }

    /** {@code {type}} in the pattern is the score type as a key part. */
    public String key(String pattern) {
        return pattern.replace("{type}", Json.keyPart(type));
    }

    public static String factorKey(Factor factor) {
        return Json.keyPart(factor.name());
    }
}
