package ai.sahha.bridge.destinations.iterable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.sahha.bridge.delivery.DeliveryFailures;
import ai.sahha.bridge.delivery.VendorRejectedException;
import tools.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class IterableResponseCheckTest {

    private final IterableResponseCheck check = new IterableResponseCheck(new ObjectMapper());
    private final DeliveryFailures failures = new DeliveryFailures(java.time.Clock.systemUTC());

    @Test
    void successPasses() {
        assertThatCode(() -> check.process(answer("{\"code\":\"Success\",\"msg\":\"\"}"))).doesNotThrowAnyException();
    }

    @Test
    void anErrorCodeInsideA200IsAPermanentFailureWithIterablesMessage() {
        assertThatThrownBy(() -> check.process(answer("{\"code\":\"InvalidEmailAddressError\",\"msg\":\"bad email\"}")))
                .isInstanceOfSatisfying(VendorRejectedException.class, e -> {
                    assertThat(failures.describe(e).permanent()).isTrue();
                    assertThat(e.getMessage()).contains("InvalidEmailAddressError", "bad email");
                });
    }

    @Test
    void rateLimitExceededIsRetried() {
        assertThatThrownBy(() -> check.process(answer("{\"code\":\"RateLimitExceeded\",\"msg\":\"slow down\"}")))
                .isInstanceOfSatisfying(VendorRejectedException.class,
                        e -> assertThat(failures.describe(e).permanent()).isFalse());
    }

    private static Exchange answer(String body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setBody(body);
        return exchange;
    }
}
