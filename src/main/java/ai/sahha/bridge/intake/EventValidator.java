package ai.sahha.bridge.intake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.ExchangeVariables;
import ai.sahha.bridge.journal.ReceiptKey;
import ai.sahha.bridge.records.Archetype;
import ai.sahha.bridge.records.Biomarker;
import ai.sahha.bridge.records.DataLog;
import ai.sahha.bridge.records.Score;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Validates a verified webhook body: a JSON object whose {@code externalId} (when present) is the one in
 * {@code X-External-Id}, with the fields its event type needs. Sets the variables {@code externalId} (from the
 * signed body when it has one), {@code recordType} (the body's {@code type}, e.g. which biomarker),
 * {@code recordTime} (for the event types the bridge handles: when Sahha created the record, or received the data
 * logs) and
 * {@code receiptKey}, the key that makes an exact redelivery a duplicate while an updated record that re-uses its
 * {@code id} is new ({@link ReceiptKey}).
 */
public class EventValidator implements Processor {

    /** Fields each handled event type must carry; types not listed here are only checked for shape. */
    static final Map<String, List<String>> REQUIRED_FIELDS = Map.of(
            Archetype.EVENT_TYPE, List.of("id", "externalId", "name", "value", "periodicity", "createdAtUtc"),
            Score.EVENT_TYPE, List.of("id", "externalId", "type", "scoreDateTime", "createdAtUtc"),
            Biomarker.EVENT_TYPE, List.of("id", "externalId", "type", "value", "createdAtUtc"),
            DataLog.EVENT_TYPE, List.of("externalId", "logType", "dataType", "receivedAtUtc"));

    private static final List<String> DATE_TIME_FIELDS = List.of("createdAtUtc", "startDateTime", "endDateTime",
            "scoreDateTime", "receivedAtUtc");

    private final ObjectMapper mapper;

    public EventValidator(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void process(Exchange exchange) {
        byte[] body = exchange.getVariable(ExchangeVariables.RAW_BODY, byte[].class);
        String eventType = exchange.getMessage().getHeader("X-Event-Type", String.class);
        String headerExternalId = exchange.getMessage().getHeader("X-External-Id", String.class);

        String payload = text(body);
        JsonNode event = parse(payload);
        JsonNode bodyExternalId = event.get("externalId");
        String externalId = headerExternalId;
        if (bodyExternalId != null && !bodyExternalId.isNull()) {
            if (!bodyExternalId.isValueNode()) {
                throw new WebhookRejectedException(400, "externalId in the body is not a string");
            }
            externalId = bodyExternalId.asString();
            if (!externalId.equals(headerExternalId) && !externalId.equals(utf8HeaderValue(headerExternalId))) {
                throw new WebhookRejectedException(400, "externalId in the body does not match X-External-Id");
            }
        }
        for (String field : REQUIRED_FIELDS.getOrDefault(eventType, List.of())) {
            JsonNode value = event.get(field);
            if (value == null || value.isNull() || value.asString("").isBlank()) {
                throw new WebhookRejectedException(400, eventType + " lacks required field " + field
                        + (value != null && value.isContainer() ? " (an object or array where a value belongs)" : ""));
            }
        }
        if (REQUIRED_FIELDS.containsKey(eventType)) {
            checkTypes(event, eventType);
        }
        exchange.setVariable(ExchangeVariables.PAYLOAD, payload);
        exchange.setVariable(ExchangeVariables.EXTERNAL_ID, externalId);
        exchange.setVariable(ExchangeVariables.RECORD_TYPE, event.path("type").asString(null));
        if (REQUIRED_FIELDS.containsKey(eventType)) {
            exchange.setVariable(ExchangeVariables.RECORD_TIME, ReceiptKey.eventTime(event));
        }
        exchange.setVariable(ExchangeVariables.RECEIPT_KEY, ReceiptKey.of(event, eventType, body));
    }

    /**
     * The servlet container reads header bytes as ISO-8859-1; a sender that wrote the header in UTF-8 (curl, most
     * HTTP clients for non-Latin-1 text) arrives garbled. This is the value read as UTF-8 instead.
     */
    static String utf8HeaderValue(String header) {
        return new String(header.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /**
     * The body as the text the journal keeps and delivery reads again: UTF-8 (RFC 8259), without a byte order mark,
     * which JSON senders must not add and readers may ignore.
     */
    private static String text(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new WebhookRejectedException(400, "body is not UTF-8 text");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private JsonNode parse(String payload) {
        JsonNode event;
        try {
            // nothing after the object: what is journaled is read again exactly as it was checked here
            event = mapper.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readValue(payload);
        } catch (JacksonException notJson) {
            throw new WebhookRejectedException(400, "body is not valid JSON");
        }
        if (event == null || !event.isObject()) {
            throw new WebhookRejectedException(400, "body must be a JSON object");
        }
        return event;
    }

    private static void checkTypes(JsonNode event, String eventType) {
        for (String field : DATE_TIME_FIELDS) {
            JsonNode value = event.get(field);
            if (value != null && !value.isNull()) {
                try {
                    OffsetDateTime.parse(value.asString(""));
                } catch (DateTimeParseException e) {
                    throw new WebhookRejectedException(400, eventType + " field " + field
                            + " is not an ISO-8601 date-time with offset");
                }
            }
        }
        JsonNode ordinality = event.get("ordinality");
        if (ordinality != null && !ordinality.isNull()
                && !ordinality.isIntegralNumber() && !ordinality.asString("").matches("-?\\d{1,9}")) {
            throw new WebhookRejectedException(400, eventType + " field ordinality is not an integer");
        }
        JsonNode score = event.get("score");
        if (score != null && !score.isNull() && !score.isNumber()) {
            throw new WebhookRejectedException(400, eventType + " field score is not a number");
        }
        JsonNode dataLogs = event.get("dataLogs");
        if (dataLogs != null && !dataLogs.isNull() && !dataLogs.isArray()) {
            throw new WebhookRejectedException(400, eventType + " field dataLogs is not an array");
        }
    }
}
