package ai.sahha.bridge.identity;

/** A person's email address and phone number as a lookup knows them; either may be null. */
public record Contact(String email, String phone) {
}
