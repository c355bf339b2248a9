package ai.sahha.bridge;

/**
 * The exchange variables the routes pass between steps, named in one place; the YAML routes use the same names
 * ({@code ${variable.job}}, {@code setVariable: name: claim}).
 */
public final class ExchangeVariables {

    // intake (routes/intake/sahha-webhook.camel.yaml)
    /** The webhook's body, exactly as signed. */
    public static final String RAW_BODY = "rawBody";
    /** The body as the journal keeps it: its UTF-8 text. */
    public static final String PAYLOAD = "payload";
    /** The person, from the signed body (or the X-External-Id header). */
    public static final String EXTERNAL_ID = "externalId";
    /** The body's {@code type}, e.g. which biomarker. */
    public static final String RECORD_TYPE = "recordType";
    /** When Sahha made the record (or received the data logs). */
    public static final String RECORD_TIME = "recordTime";
    /** The webhook's dedupe key. */
    public static final String RECEIPT_KEY = "receiptKey";
    /** The record is older than the replay window. */
    public static final String STALE = "stale";
    /** The journal already had these exact bytes. */
    public static final String DUPLICATE = "duplicate";
    /** No destination is to get the record, so it was not journaled. */
    public static final String NOT_KEPT = "notKept";

    // delivery (routes/delivery/delivery-templates.camel.yaml)
    /** The destination the exchange delivers to. */
    public static final String DESTINATION = "destination";
    /** What the poller claimed from the journal. */
    public static final String CLAIM = "claim";
    /** The delivery being made. */
    public static final String JOB = "job";
    /** The calls planned for it, in order. */
    public static final String VENDOR_REQUESTS = "vendorRequests";
    /** The attribute value the destination has once the delivery went through. */
    public static final String ATTRIBUTE_WRITE = "attributeWrite";
    /** The path of the call being made. */
    public static final String VENDOR_PATH = "vendorPath";
    /** How many deliveries the call carries. */
    public static final String CALL_ITEMS = "callItems";
    /** The bulk call being made. */
    public static final String BULK_CALL = "bulkCall";
    /** A claim planned as bulk calls. */
    public static final String BATCH = "batch";
    /** A Klaviyo import job being followed. */
    public static final String IMPORT_JOB = "importJob";

    private ExchangeVariables() {
    }
}
