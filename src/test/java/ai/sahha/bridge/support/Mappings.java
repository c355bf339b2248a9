package ai.sahha.bridge.support;

import ai.sahha.bridge.destinations.Mapping;

/** The mappings config/application.yaml gives each destination. */
public final class Mappings {

    private Mappings() {
    }

    public static Mapping snakeCase(String attributeKey) {
        return new Mapping(attributeKey, "sahha_archetype_assigned", "sahha_score_{type}", "sahha_score_updated",
                false, "sahha_biomarker_{type}_{unit}", "sahha_data_log_received", false);
    }

    public static Mapping titleCase(String attributeKey) {
        return new Mapping(attributeKey, "Sahha Archetype Assigned", "sahha_score_{type}", "Sahha Score Updated",
                false, "sahha_biomarker_{type}_{unit}", "Sahha Data Log Received", false);
    }
}
