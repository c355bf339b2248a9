package ai.sahha.bridge.identity;

import java.util.Optional;
import java.util.regex.Pattern;

import ai.sahha.bridge.identity.Recipient.Kind;

/**
 * Turns a Sahha externalId into the identifier one destination keys people by, following the destination's
 * {@link IdentityStrategy}. When it cannot, it throws {@link IdentityUnresolvedException} and the delivery is parked.
 */
public class IdentityResolver {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");

    private final IdentityStrategy strategy;
    private final Kind lookupKind;
    private final IdentityLookup lookup;

    /**
     * @param lookupKind which contact detail a lookup strategy uses: {@link Kind#EMAIL} or {@link Kind#PHONE}
     * @param lookup     the table or customer database for the lookup strategies; null for the others
     */
    public IdentityResolver(IdentityStrategy strategy, Kind lookupKind, IdentityLookup lookup) {
        if ((strategy == IdentityStrategy.LOOKUP_TABLE || strategy == IdentityStrategy.LOOKUP_SQL) && lookup == null) {
            throw new IllegalArgumentException("identity strategy " + strategy + " needs its lookup configured");
        }
        this.strategy = strategy;
        this.lookupKind = lookupKind == null ? Kind.EMAIL : lookupKind;
        this.lookup = lookup;
    }

    public Recipient resolve(String externalId) {
        return switch (strategy) {
            case EXTERNAL_ID -> new Recipient(Kind.ID, externalId);
            case EXTERNAL_ID_IS_EMAIL -> checked(Kind.EMAIL, externalId, "the externalId is not an email address");
            case EXTERNAL_ID_IS_PHONE -> checked(Kind.PHONE, externalId, "the externalId is not an E.164 phone number");
            case LOOKUP_TABLE, LOOKUP_SQL -> fromLookup(externalId);
        };
    }

    private Recipient fromLookup(String externalId) {
        Optional<Contact> contact = lookup.find(externalId);
        String value = contact.map(c -> lookupKind == Kind.PHONE ? c.phone() : c.email()).orElse(null);
        if (value == null || value.isBlank()) {
            throw new IdentityUnresolvedException("no " + (lookupKind == Kind.PHONE ? "phone number" : "email address")
                    + " is mapped to this externalId yet");
        }
        return checked(lookupKind, value.strip(), "the mapped " + lookupKind.name().toLowerCase() + " is not valid");
    }

    private static Recipient checked(Kind kind, String value, String problem) {
        Pattern pattern = kind == Kind.PHONE ? E164 : EMAIL;
        if (!pattern.matcher(value).matches()) {
            throw new IdentityUnresolvedException(problem);
        }
        return new Recipient(kind, value);
    }
}
