package ai.sahha.bridge.intake;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import ai.sahha.bridge.records.Biomarker;
import ai.sahha.bridge.records.DataLog;

/**
 * Which destinations get which event types (settings {@code bridge.destinations.<name>.events.*}), and what is not
 * worth keeping at all: biomarkers outside the allow-list, and data logs when no destination takes them. Those are
 * acknowledged and counted, not journaled.
 */
public class EventRouting {

    private final Map<String, List<String>> destinationsByEventType = new TreeMap<>();
    private final Set<String> biomarkerTypes;

    /**
     * @param eventTypesByDestination for each enabled destination, the event types it takes
     * @param biomarkerTypes          the biomarker types forwarded at all
     */
    public EventRouting(Map<String, ? extends Collection<String>> eventTypesByDestination,
                        Collection<String> biomarkerTypes) {
        new TreeMap<>(eventTypesByDestination).forEach((destination, eventTypes) -> eventTypes.forEach(
                eventType -> destinationsByEventType.computeIfAbsent(eventType, t -> new ArrayList<>()).add(destination)));
        this.biomarkerTypes = Set.copyOf(biomarkerTypes);
    }

    /** The destinations that get a record of this event type. */
    public List<String> destinations(String eventType) {
        return destinationsByEventType.getOrDefault(eventType, List.of());
    }

    /** False for records nobody will get (see the class comment); {@code recordType} is the body's {@code type}. */
    public boolean isKept(String eventType, String recordType) {
        if (Biomarker.EVENT_TYPE.equals(eventType)) {
            return biomarkerTypes.contains(recordType);
        }
        if (DataLog.EVENT_TYPE.equals(eventType)) {
            return !destinations(eventType).isEmpty();
        }
        return true;
    }
}
