package ai.sahha.bridge.delivery;

/**
 * What one delivery sends: the person's attributes (not when an older record would overwrite a newer one the
 * destination already has) and/or the event (not when a change-only destination would learn nothing new).
 */
public record Sync(boolean attributes, boolean event) {

    public static final Sync ALL = new Sync(true, true);
}
