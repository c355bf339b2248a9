package ai.sahha.bridge.identity;

import ai.sahha.bridge.records.UndeliverableEventException;

/** The person has no identifier a destination can use yet; the delivery is parked until a mapping exists. */
public class IdentityUnresolvedException extends UndeliverableEventException {

    public IdentityUnresolvedException(String message) {
        super(message);
    }
}
