package ai.sahha.bridge.destinations;

import java.util.List;
import java.util.Map;

import ai.sahha.bridge.delivery.BulkFormat;
import ai.sahha.bridge.delivery.RecordTranslator;
import ai.sahha.bridge.destinations.customerio.CustomerIoBulkFormat;
import ai.sahha.bridge.destinations.customerio.CustomerIoRegion;
import ai.sahha.bridge.destinations.customerio.CustomerIoTranslator;
import ai.sahha.bridge.destinations.declarative.DeclarativeBulkFormat;
import ai.sahha.bridge.destinations.declarative.DeclarativeSettings;
import ai.sahha.bridge.destinations.declarative.DeclarativeTranslator;
import ai.sahha.bridge.destinations.iterable.IterableBulkFormat;
import ai.sahha.bridge.destinations.iterable.IterableTranslator;
import ai.sahha.bridge.destinations.klaviyo.KlaviyoBulkFormat;
import ai.sahha.bridge.destinations.klaviyo.KlaviyoTranslator;
import ai.sahha.bridge.destinations.mparticle.MParticleBulkFormat;
import ai.sahha.bridge.destinations.mparticle.MParticleTranslator;
import tools.jackson.databind.ObjectMapper;

/**
 * The kinds of destination the bridge knows, by {@code type}: the built-in vendors, whose calls are Java, and
 * {@code declarative}, whose calls are written in configuration. A destination's type is its name unless its block
 * says otherwise, so {@code bridge.destinations.customerio} is a Customer.io destination.
 */
public final class DestinationTypes {

    public static final List<String> TYPES = List.of("customerio", "iterable", "klaviyo", "mparticle", "declarative");

    /** The credentials each built-in type needs (a declarative destination needs those its block lists). */
    public static final Map<String, List<String>> REQUIRED_CREDENTIALS = Map.of(
            "customerio", List.of("site-id", "api-key"), "iterable", List.of("api-key"),
            "klaviyo", List.of("private-api-key"), "mparticle", List.of("api-key", "api-secret"));

    private DestinationTypes() {
    }

    /** What a destination's settings say of it, as its type reads them. */
    public record Settings(String name, String type, String baseUrl, Map<String, String> credentials,
                           Map<String, String> options, Mapping mapping, DeclarativeSettings declarative) {

        String credential(String key) {
            String value = credentials.get(key);
            if (value == null) {
                throw new IllegalStateException("bridge.destinations." + name + ".credentials." + key + " is not set");
            }
            return value;
        }

        String option(String key, String otherwise) {
            String value = options.get(key);
            return value == null || value.isBlank() ? otherwise : value;
        }
    }

    /** A destination's translator (its single calls) and bulk format (how they combine into bulk calls). */
    public record Calls(RecordTranslator translator, BulkFormat bulk) {
    }

    public static Calls calls(Settings settings, ObjectMapper mapper) {
        return switch (settings.type()) {
            case "customerio" -> {
                CustomerIoRegion region = new CustomerIoRegion(settings.baseUrl(),
                        settings.option("region-lookup-url", "https://track.customer.io"),
                        settings.credential("site-id"), settings.credential("api-key"), mapper);
                yield new Calls(new CustomerIoTranslator(mapper, region, settings.credential("site-id"),
                        settings.credential("api-key"), Boolean.parseBoolean(settings.option("update-only", "false")),
                        settings.mapping()), new CustomerIoBulkFormat(mapper));
            }
            case "iterable" -> new Calls(new IterableTranslator(mapper, settings.baseUrl(),
                    settings.credential("api-key"), settings.mapping()), new IterableBulkFormat(mapper));
            case "klaviyo" -> new Calls(new KlaviyoTranslator(mapper, settings.baseUrl(),
                    settings.credential("private-api-key"), settings.option("revision", "2026-07-15"),
                    settings.mapping()), new KlaviyoBulkFormat(mapper));
            case "mparticle" -> new Calls(new MParticleTranslator(mapper, settings.baseUrl(),
                    settings.credential("api-key"), settings.credential("api-secret"),
                    settings.option("environment", "production"), settings.option("identity-type", "customer_id"),
                    settings.mapping()), new MParticleBulkFormat());
            case "declarative" -> declarative(settings, mapper);
            default -> throw new IllegalStateException("bridge.destinations." + settings.name() + " is of type "
                    + settings.type() + ", which the bridge does not know: it takes one of " + TYPES);
        };
    }

    private static Calls declarative(Settings settings, ObjectMapper mapper) {
        if (settings.declarative() == null) {
            throw new IllegalStateException("bridge.destinations." + settings.name() + " is declarative but has no"
                    + " declarative mapping (bridge.destinations." + settings.name() + ".declarative)");
        }
        DeclarativeTranslator translator = new DeclarativeTranslator(settings.name(), mapper, settings.baseUrl(),
                settings.credentials(), settings.mapping(), settings.declarative());
        DeclarativeSettings.BulkCall bulk = settings.declarative().bulk();
        return new Calls(translator, bulk == null || bulk.path() == null ? null
                : new DeclarativeBulkFormat(settings.name(), mapper, translator, bulk));
    }
}
