package ai.sahha.bridge.identity;

/** How a destination finds the person's identifier (setting {@code bridge.destinations.<name>.identity.strategy}). */
public enum IdentityStrategy {
    /** the Sahha externalId is the vendor's user id */
    EXTERNAL_ID,
    /** the Sahha externalId is the person's email address */
    EXTERNAL_ID_IS_EMAIL,
    /** the Sahha externalId is the person's phone number (E.164) */
    EXTERNAL_ID_IS_PHONE,
    /** the bridge's identity_map table, filled by the admin endpoint or a CSV import */
    LOOKUP_TABLE,
    /** a query against the customer's own database */
    LOOKUP_SQL
}
