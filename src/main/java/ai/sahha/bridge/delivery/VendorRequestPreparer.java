package ai.sahha.bridge.delivery;

import java.util.List;

import ai.sahha.bridge.ExchangeVariables;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Sets up the message for the next vendor call: body, method, path and headers, after dropping every other header,
 * so that nothing from an earlier vendor response leaks into the request. The path is also kept in variable
 * {@code vendorPath}, and the number of deliveries the call carries in {@code callItems}. As a processor: the
 * next of the translator's calls (variable {@code vendorRequests}, index from the enclosing loop).
 */
public class VendorRequestPreparer implements Processor {

    @Override
    public void process(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<VendorRequest> requests = exchange.getVariable(ExchangeVariables.VENDOR_REQUESTS, List.class);
        prepare(exchange, requests.get(exchange.getProperty(Exchange.LOOP_INDEX, 0, Integer.class)), 1);
    }

    /** For a bulk call (the body): keeps it in variable {@code bulkCall}. */
    public void bulkCall(Exchange exchange) {
        BulkCall call = exchange.getMessage().getBody(BulkCall.class);
        exchange.setVariable(ExchangeVariables.BULK_CALL, call);
        prepare(exchange, call.request(), call.items().size());
    }

    public static void prepare(Exchange exchange, VendorRequest request, int items) {
        exchange.setVariable(ExchangeVariables.VENDOR_PATH, request.path());
        exchange.setVariable(ExchangeVariables.CALL_ITEMS, items);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_METHOD, request.method());
        message.setHeader(Exchange.HTTP_PATH, request.path());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        request.headers().forEach(message::setHeader);
        if (request.signer() != null) {
            request.signer().sign(request).forEach(message::setHeader);
        }
        message.setBody(request.body());
    }
}
