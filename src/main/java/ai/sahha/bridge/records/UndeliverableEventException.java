package ai.sahha.bridge.records;

/** A journaled event that a translator cannot turn into a vendor request; retrying will not help. */
public class UndeliverableEventException extends RuntimeException {

    public UndeliverableEventException(String message) {
        super(message);
    }
}
