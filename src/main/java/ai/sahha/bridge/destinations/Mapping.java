package ai.sahha.bridge.destinations;

/**
 * How one destination names what it receives (settings {@code bridge.destinations.<name>.mapping.*}). Key patterns
 * take {@code {name}}/{@code {periodicity}} (archetypes), {@code {type}} (scores, biomarkers) and {@code {unit}}
 * (biomarkers).
 *
 * @param changeOnly send the event only when the value changed (the attributes still refresh)
 */
public record Mapping(String attributeKey, String eventName, String scoreKey, String scoreEventName,
                      boolean scoreFactors, String biomarkerKey, String dataLogEventName, boolean changeOnly) {
}
