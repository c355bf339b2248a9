package ai.sahha.bridge.intake;

import static ai.sahha.bridge.support.Webhooks.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

class SignatureVerifierTest {

    // the synthetic vector documented in shared/docs/sahha.md §1.3
    private static final String SECRET = "dGVzdC1zZWNyZXQtZG8tbm90LXVzZS0xMjM0NTY3OA==";
    private static final String HEX = "7673fb756ecf6bbad8572863ca13859e6e5d7b7be0712c4b3dd5bc40841babf1";

    private final SignatureVerifier verifier = new SignatureVerifier(SECRET, null);

    @Test
    void acceptsTheDocumentedVectorInEitherCase() throws Exception {
        byte[] body = compactSample();
        verifier.process(exchange(body, HEX));
        Exchange upper = exchange(body, HEX.toUpperCase());
        verifier.process(upper);
        assertThat(upper.getVariable("rawBody", byte[].class)).isEqualTo(body);
    }

    @Test
    void verifiesTheTextBodyThatCamel418HandsOverAsTheOriginalUtf8Bytes() throws Exception {
        byte[] body = "{\"externalId\":\"zoë@exämple.com\"}".getBytes(StandardCharsets.UTF_8);
        Exchange exchange = exchange(body, sign(body, "s3cret"));
        exchange.getMessage().setBody(new String(body, StandardCharsets.UTF_8));
        new SignatureVerifier("s3cret", null).process(exchange);
        assertThat(exchange.getVariable("rawBody", byte[].class)).isEqualTo(body);
    }

    @Test
    void rejectsAnyChangeToTheBodyOrTheWrongKeyWith401() throws Exception {
        byte[] body = compactSample();
        body[body.length - 2] = '2';
        assertRejected(exchange(body, HEX), 401);
        // the base64-decoded key is a different key: documented vector for it must not verify
        assertRejected(exchange(compactSample(),
                "0f64449db1f7a774d8497b5e64ace51f61765623f05d2575be534011dd70fba9"), 401);
        assertRejected(exchange(compactSample(), "not-hex"), 401);
        assertRejected(exchange(compactSample(), "dnP7dW7Pa7rYVyhjyhOFnm5de3vgcSxLPdW8QIQbq/E="), 401);
    }

    @Test
    void eitherTheCurrentOrThePreviousSecretVerifiesDuringRotation() throws Exception {
        SignatureVerifier rotating = new SignatureVerifier("new-secret", SECRET);
        rotating.process(exchange(compactSample(), HEX));
        byte[] body = compactSample();
        rotating.process(exchange(body, sign(body, "new-secret")));
        assertThatThrownBy(() -> rotating.process(exchange(body, sign(body, "older-secret"))))
                .isInstanceOf(WebhookRejectedException.class);
    }

    @Test
    void missingHeadersAre400() {
        for (String header : SignatureVerifier.REQUIRED_HEADERS) {
            Exchange exchange = exchange(compactSample(), HEX);
            exchange.getMessage().removeHeader(header);
            assertRejected(exchange, 400);
        }
    }

    private static void assertRejected(Exchange exchange, int status) {
        SignatureVerifier verifier = new SignatureVerifier(SECRET, null);
        assertThatThrownBy(() -> verifier.process(exchange))
                .isInstanceOfSatisfying(WebhookRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(status));
    }

    private static Exchange exchange(byte[] body, String signature) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(body);
        exchange.getMessage().setHeader("X-Signature", signature);
        exchange.getMessage().setHeader("X-External-Id", "3f1c9a52-7e0b-4d7e-9a41-2c5d8e6b1f04");
        exchange.getMessage().setHeader("X-Event-Type", "ArchetypeCreatedIntegrationEvent");
        return exchange;
    }

    /** The sample, compacted exactly as Python's json.dumps(separators=(',', ':')) writes it. */
    static byte[] compactSample() {
        try {
            ObjectMapper mapper = new ObjectMapper();
            Object sample = mapper.readValue(Files.readAllBytes(
                    Path.of("../shared/samples/sahha/ArchetypeCreatedIntegrationEvent.json")), Object.class);
            return mapper.writeValueAsBytes(sample);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the sample payloads live in ../shared/samples/sahha", e);
        }
    }
}
