package ai.sahha.bridge.identity;

import java.util.Optional;

/** Finds the contact details of a person by Sahha externalId. */
public interface IdentityLookup {

    Optional<Contact> find(String externalId);
}
