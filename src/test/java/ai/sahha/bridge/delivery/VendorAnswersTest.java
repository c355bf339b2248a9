package ai.sahha.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VendorAnswersTest {

    @Test
    void anExcerptMasksEmailsAndPhoneNumbersAndIsShort() {
        String answer = "{\"error\":\"ana@example.com and +1 (415) 555-0100 and 0064215550123 are taken\"}"
                + "x".repeat(2000);
        String excerpt = VendorAnswers.excerpt(answer);
        assertThat(excerpt).contains("[email]", "[phone]", "are taken").doesNotContain("ana@", "555", "0064")
                .hasSizeLessThanOrEqualTo(VendorAnswers.MAX_EXCERPT + 1);
    }

    @Test
    void theKeptDetailMasksThePersonsOwnIdentifierAsSentAndUrlEncoded() {
        assertThat(VendorAnswers.masked("no customer 'user 17/b' at /customers/user%2017%2Fb", "user 17/b"))
                .isEqualTo("no customer '[person]' at /customers/[person]");
    }

    @Test
    void theVendorsErrorCodeIsReadFromTheUsualPlaces() {
        assertThat(VendorAnswers.errorCode("{\"code\":\"InvalidEmailAddressError\",\"msg\":\"x\"}"))
                .isEqualTo("InvalidEmailAddressError");
        assertThat(VendorAnswers.errorCode("{\"errors\":[{\"code\":\"invalid\",\"detail\":\"...\"}]}"))
                .isEqualTo("invalid");
        assertThat(VendorAnswers.errorCode("{\"error\":{\"type\":\"rate_limited\"}}")).isEqualTo("rate_limited");
        assertThat(VendorAnswers.errorCode("Bad Gateway")).isNull();
        assertThat(VendorAnswers.errorCode(null)).isNull();
    }
}
