package ai.sahha.bridge.identity;

/** Who a destination is told about: the person's identifier in the vendor, and which kind of identifier it is. */
public record Recipient(Kind kind, String value) {

    public enum Kind { ID, EMAIL, PHONE }
}
