package ai.sahha.bridge.delivery;

import ai.sahha.bridge.ExchangeVariables;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * After a bulk call the vendor answered with success: the elements it refused all the same (Customer.io's 207,
 * Iterable's {@code failCount}) fail only their own deliveries; the rest of the call went through.
 */
public class BulkResponses implements Processor {

    @Override
    public void process(Exchange exchange) {
        BulkCall call = exchange.getVariable(ExchangeVariables.BULK_CALL, BulkCall.class);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        call.batch().format().refused(call, status, exchange.getMessage().getBody(String.class))
                .forEach((position, failure) -> call.batch().refused(call.items().get(position), failure));
    }
}
