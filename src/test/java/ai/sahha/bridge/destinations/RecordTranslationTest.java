package ai.sahha.bridge.destinations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

import ai.sahha.bridge.delivery.BulkFormat;
import ai.sahha.bridge.delivery.RecordTranslator;
import ai.sahha.bridge.delivery.Sync;
import ai.sahha.bridge.delivery.VendorRequest;
import ai.sahha.bridge.destinations.DestinationTypes;
import ai.sahha.bridge.destinations.customerio.CustomerIoBulkFormat;
import ai.sahha.bridge.destinations.customerio.CustomerIoRegion;
import ai.sahha.bridge.destinations.customerio.CustomerIoTranslator;
import ai.sahha.bridge.destinations.iterable.IterableBulkFormat;
import ai.sahha.bridge.destinations.iterable.IterableTranslator;
import ai.sahha.bridge.destinations.klaviyo.KlaviyoBulkFormat;
import ai.sahha.bridge.destinations.klaviyo.KlaviyoTranslator;
import ai.sahha.bridge.destinations.mparticle.MParticleBulkFormat;
import ai.sahha.bridge.destinations.mparticle.MParticleTranslator;
import ai.sahha.bridge.identity.Recipient;
import ai.sahha.bridge.records.Biomarker;
import ai.sahha.bridge.records.DataLog;
import ai.sahha.bridge.records.SahhaRecord;
import ai.sahha.bridge.records.SahhaRecords;
import ai.sahha.bridge.records.Score;
import ai.sahha.bridge.records.UndeliverableEventException;
import ai.sahha.bridge.support.ConfiguredDestinations;
import ai.sahha.bridge.support.Contracts;
import ai.sahha.bridge.support.Mappings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scores, biomarkers and data logs, from Sahha's sample payloads, through every destination's translator and bulk
 * format: each request and bulk call valid against the vendor's contract, each key in the destination's archetype
 * style.
 */
class RecordTranslationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path SAMPLES = Path.of("..", "shared", "samples", "sahha");
    private static final Recipient PERSON = new Recipient(Recipient.Kind.EMAIL, "ana@example.com");
    /** Segment is a declarative destination: its calls are those of the packaged configuration. */
    private static final DestinationTypes.Calls SEGMENT = ConfiguredDestinations.calls("segment",
            Map.of("base-url", "api.segment.io", "credentials.write-key", "w"));

    /** A translator and its bulk format, and how to check each of their calls against the vendor contract, by path. */
    record Vendor(String name, RecordTranslator translator, BiFunction<String, String, Set<String>> contract,
                  BulkFormat bulk, BiFunction<String, String, Set<String>> bulkContract) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Vendor> vendors() {
        Mapping snake = Mappings.snakeCase("sahha_archetype_{periodicity}_{name}");
        Mapping title = Mappings.titleCase("sahha_archetype_{name}");
        return Stream.of(
                new Vendor("customerio", new CustomerIoTranslator(MAPPER,
                        new CustomerIoRegion("https://track.customer.io", null, "s", "k", MAPPER), "s", "k", false,
                        snake), (path, body) -> path.endsWith("/events") ? Contracts.customerIoEventErrors(body)
                        : Contracts.customerIoIdentifyErrors(body),
                        new CustomerIoBulkFormat(MAPPER), (path, body) -> Contracts.customerIoBatchErrors(body)),
                new Vendor("segment", SEGMENT.translator(),
                        (path, body) -> Contracts.segmentErrors(path.endsWith("identify") ? "IdentifyCall" : "TrackCall",
                                body),
                        SEGMENT.bulk(), (path, body) -> eachElement(body.substring(
                                "{\"batch\":".length(), body.length() - 1), message -> Contracts.segmentErrors(
                                message.remove("type").asString().equals("identify") ? "IdentifyCall" : "TrackCall",
                                message.toString()))),
                new Vendor("iterable", new IterableTranslator(MAPPER, "https://api.iterable.com", "k", snake),
                        (path, body) -> Contracts.iterableErrors(path.endsWith("update") ? "ApiUserUpdateRequest"
                                : "TrackRequest", body),
                        new IterableBulkFormat(MAPPER), (path, body) -> Contracts.iterableErrors(
                                path.endsWith("bulkUpdate") ? "BulkUpdateUsersRequest" : "BulkTrackRequest", body)),
                new Vendor("klaviyo", new KlaviyoTranslator(MAPPER, "https://a.klaviyo.com", "pk", "2026-07-15", title),
                        (path, body) -> Contracts.klaviyoErrors(path.endsWith("profile-import")
                                ? "create_or_update_profile" : "create_event", body),
                        new KlaviyoBulkFormat(MAPPER), (path, body) -> Contracts.klaviyoErrors(
                                path.contains("profile") ? "bulk_import_profiles" : "bulk_create_events", body)),
                new Vendor("mparticle", new MParticleTranslator(MAPPER, "https://s2s.mparticle.com/v2", "k", "s",
                        "production", "customer_id", title), (path, body) -> Contracts.mparticleBatchErrors(body),
                        new MParticleBulkFormat(), (path, body) -> eachElement(body,
                                batch -> Contracts.mparticleBatchErrors(batch.toString()))));
    }

    static Stream<Arguments> vendorsAndRecords() {
        return vendors().flatMap(vendor -> Stream.of(Score.EVENT_TYPE, Biomarker.EVENT_TYPE, DataLog.EVENT_TYPE)
                .map(eventType -> Arguments.of(vendor, eventType)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("vendorsAndRecords")
    void everyCallIsValidAgainstTheVendorsContract(Vendor vendor, String eventType) {
        SahhaRecord record = sample(eventType);
        List<VendorRequest> requests = vendor.translator().translate(record, PERSON,
                new Sync(record.attribute() != null, record.sendsEvent()));

        assertThat(requests).isNotEmpty();
        for (VendorRequest request : requests) {
            assertThat(vendor.contract().apply(request.path(), request.body())).as(request.path()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("vendorsAndRecords")
    void everyBulkCallIsValidAgainstTheVendorsContract(Vendor vendor, String eventType) {
        SahhaRecord record = sample(eventType);
        Map<String, List<BulkFormat.BulkElement>> byEndpoint = new LinkedHashMap<>();
        for (Recipient person : List.of(PERSON, new Recipient(Recipient.Kind.EMAIL, "ben@example.com"))) {
            for (VendorRequest single : vendor.translator().translate(record, person,
                    new Sync(record.attribute() != null, record.sendsEvent()))) {
                BulkFormat.BulkElement element = vendor.bulk().element(single, person);
                byEndpoint.computeIfAbsent(element.endpoint(), e -> new ArrayList<>()).add(element);
            }
        }

        assertThat(byEndpoint).isNotEmpty();
        byEndpoint.forEach((endpoint, elements) -> {
            VendorRequest call = vendor.bulk().call(endpoint, elements);
            assertThat(call.body()).contains("ana@example.com", "ben@example.com");
            assertThat(vendor.bulkContract().apply(endpoint, call.body())).as(endpoint).isEmpty();
        });
    }

    private static Set<String> eachElement(String array, Function<ObjectNode, Set<String>> contract) {
        Set<String> errors = new TreeSet<>();
        MAPPER.readTree(array).forEach(element -> errors.addAll(contract.apply((ObjectNode) element)));
        return errors;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vendors")
    void aScoreBecomesTheCurrentScoreStateAndDateAndAScoreUpdatedEvent(Vendor vendor) throws Exception {
        List<VendorRequest> requests = vendor.translator().translate(sample(Score.EVENT_TYPE), PERSON, Sync.ALL);

        String all = String.join("\n", requests.stream().map(VendorRequest::body).toList());
        assertThat(all).contains("\"sahha_score_sleep\":0.86", "\"sahha_score_sleep_state\":\"high\"")
                .containsAnyOf("Sahha Score Updated", "sahha_score_updated")
                .doesNotContain("sahha_score_sleep_factor_"); // factors are off by default
        assertThat(all).contains(switch (vendor.name()) {
            case "customerio" -> "\"sahha_score_sleep_date_ts\":1752408000";
            case "iterable" -> "\"sahha_score_sleep_scoreDateTime\":\"2025-07-14T00:00:00+12:00\"";
            default -> "\"sahha_score_sleep_date\":\"2025-07-14T00:00:00+12:00\"";
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vendors")
    void aBiomarkerBecomesATypedAttributeWithItsUnitInTheKeyAndNoEvent(Vendor vendor) {
        SahhaRecord steps = sample(Biomarker.EVENT_TYPE);
        List<VendorRequest> requests = vendor.translator().translate(steps, PERSON,
                new Sync(true, steps.sendsEvent()));

        assertThat(steps.sendsEvent()).isFalse();
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).body()).contains("\"sahha_biomarker_steps_count\":8432");
    }

    @Test
    void scoreFactorsBecomeAttributesWhenSwitchedOn() {
        Mapping withFactors = new Mapping("sahha_archetype_{name}", "a", "sahha_score_{type}", "s", true,
                "sahha_biomarker_{type}_{unit}", "d", false);
        RecordTranslator segment = ConfiguredDestinations.calls("segment", Map.of("base-url", "api.segment.io",
                "credentials.write-key", "w", "mapping.score-factors", true)).translator();
        String identify = segment.translate(sample(Score.EVENT_TYPE), PERSON, new Sync(true, false)).get(0).body();
        assertThat(identify).contains("\"sahha_score_sleep_factor_sleep_duration\":0.91",
                "\"sahha_score_sleep_factor_circadian_alignment\":0.79");
        assertThat(Contracts.segmentErrors("IdentifyCall", identify)).isEmpty();
    }

    @Test
    void aDataLogIsSummarisedNotCopied() throws Exception {
        VendorRequest track = vendors().filter(v -> v.name().equals("segment")).findFirst().orElseThrow()
                .translator().translate(sample(DataLog.EVENT_TYPE), PERSON, new Sync(false, true)).get(0);
        JsonNode properties = MAPPER.readTree(track.body()).get("properties");
        assertThat(properties.get("log_count").asInt()).isEqualTo(2);
        assertThat(properties.get("data_type").asString()).isEqualTo("steps");
        assertThat(properties.get("first_start").asString()).isEqualTo("2025-07-14T09:00:00+12:00");
        assertThat(properties.get("last_end").asString()).isEqualTo("2025-07-14T09:20:00+12:00");
        assertThat(track.body()).doesNotContain("com.apple.health", "iPhone15,2");
    }

    @Test
    void biomarkerValuesAreConvertedByValueType() {
        assertThat(biomarker("8432", "integer").typedValue()).isEqualTo(8432L);
        assertThat(biomarker("0.972", "double").typedValue()).isEqualTo(0.972);
        assertThat(biomarker("2025-07-11T06:00+12:00", "datetime").typedValue()).isEqualTo("2025-07-11T06:00+12:00");
        assertThatThrownBy(() -> biomarker("lots", "integer").typedValue())
                .isInstanceOf(UndeliverableEventException.class);
    }

    @Test
    void aLaterDaysScoreSupersedesAnEarlierDaysEvenIfCreatedEarlier() {
        Score monday = (Score) sample(Score.EVENT_TYPE);
        Score tuesday = new Score(monday.id(), null, null, "p", "sleep", "low", 0.4, List.of(),
                "2025-07-15T00:00:00+12:00", "2025-07-13T00:00:00Z", "1");
        Score mondayRevised = new Score(monday.id(), null, null, "p", "sleep", "low", 0.5, List.of(),
                monday.scoreDateTime(), "2025-07-14T00:00:00Z", "1");
        assertThat(monday.ordering().isBefore(tuesday.ordering())).isTrue();
        assertThat(monday.ordering().isBefore(mondayRevised.ordering())).isTrue();
        assertThat(mondayRevised.ordering().isBefore(tuesday.ordering())).isTrue();
    }

    private static Biomarker biomarker(String value, String valueType) {
        return new Biomarker("id", null, null, "p", "activity", "steps", "daily", "total", value, "count", valueType,
                null, null, "2025-07-13T12:04:17+00:00", "1");
    }

    static SahhaRecord sample(String eventType) {
        try {
            return SahhaRecords.parse(MAPPER, eventType, Files.readString(SAMPLES.resolve(eventType + ".json")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
