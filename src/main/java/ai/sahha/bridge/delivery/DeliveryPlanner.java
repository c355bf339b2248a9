package ai.sahha.bridge.delivery;

import ai.sahha.bridge.ExchangeVariables;
import ai.sahha.bridge.Hashing;
import ai.sahha.bridge.identity.IdentityResolver;
import ai.sahha.bridge.identity.Recipient;
import ai.sahha.bridge.journal.DeliveredAttributes;
import ai.sahha.bridge.journal.DeliveryJob;
import ai.sahha.bridge.records.SahhaRecord;
import ai.sahha.bridge.records.SahhaRecords;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import tools.jackson.databind.ObjectMapper;

/**
 * Plans one delivery to one destination (variable {@code job}): resolves the person's identity for the vendor,
 * decides what to send against what the destination already has, and leaves the vendor calls in variable
 * {@code vendorRequests} and the attribute write to record on success in {@code attributeWrite}.
 */
public class DeliveryPlanner implements Processor {

    private final String destination;
    private final RecordTranslator translator;
    private final IdentityResolver identities;
    private final DeliveredAttributes delivered;
    private final boolean changeOnly;
    private final ObjectMapper mapper;

    public DeliveryPlanner(String destination, RecordTranslator translator, IdentityResolver identities,
                           DeliveredAttributes delivered, boolean changeOnly, ObjectMapper mapper) {
        this.destination = destination;
        this.translator = translator;
        this.identities = identities;
        this.delivered = delivered;
        this.changeOnly = changeOnly;
        this.mapper = mapper;
    }

    /** What one delivery is to send, to whom, and the attribute value the destination has once it succeeds. */
    public record Plan(SahhaRecord record, Recipient recipient, Sync sync, DeliveredAttributes.Write attributeWrite) {

        /** The same delivery without its attribute write (a newer one for the same attribute goes instead). */
        public Plan withoutAttributes() {
            return new Plan(record, recipient, new Sync(false, sync.event()), null);
        }
    }

    /** Whom the destination knows a person by. */
    public IdentityResolver identities() {
        return identities;
    }

    /** For the routes' {@code to}: where this destination's calls go. */
    public String baseUrl() {
        return translator.baseUrl();
    }

    public RecordTranslator translator() {
        return translator;
    }

    @Override
    public void process(Exchange exchange) {
        Plan plan = plan(exchange.getVariable(ExchangeVariables.JOB, DeliveryJob.class));
        exchange.setVariable(ExchangeVariables.VENDOR_REQUESTS, translator.translate(plan.record(), plan.recipient(), plan.sync()));
        exchange.setVariable(ExchangeVariables.ATTRIBUTE_WRITE, plan.attributeWrite());
    }

    /** Throws {@link ai.sahha.bridge.identity.IdentityUnresolvedException} when the person cannot be addressed yet. */
    public Plan plan(DeliveryJob job) {
        SahhaRecords.Journaled journaled = SahhaRecords.read(mapper, job.eventType(), job.payload());
        SahhaRecord record = journaled.record();
        Recipient recipient = identities.resolve(job.externalId());

        boolean attributes = record.attribute() != null;
        boolean older = false;
        boolean unchanged = false;
        boolean alreadyThere = false;
        String valueHash = Hashing.sha256Hex(record.changeValue());
        if (attributes) {
            DeliveredAttributes.Delivered current = delivered.find(destination, job.externalId(), record.attribute());
            older = current != null && record.ordering().isBefore(current.ordering());
            unchanged = current != null && current.valueHash().equals(valueHash);
            // the very record the destination already has (a backfill or reconciliation run again), or backfilled
            // history it has something as new for: nothing to send, so a backfill never repeats what webhooks sent
            alreadyThere = unchanged && record.ordering().equals(current.ordering())
                    || journaled.backfilled() && (older || unchanged);
        }
        Sync sync = alreadyThere ? new Sync(false, false) : new Sync(attributes && !older,
                record.sendsEvent() && !(changeOnly && (older || unchanged)));
        return new Plan(record, recipient, sync, sync.attributes() ? new DeliveredAttributes.Write(destination,
                job.externalId(), record.attribute(), record.ordering(), valueHash) : null);
    }
}
