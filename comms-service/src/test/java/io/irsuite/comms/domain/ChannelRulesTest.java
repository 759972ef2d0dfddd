package io.irsuite.comms.domain;

import io.irsuite.platform.problem.FieldError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChannelRulesTest {

    @ParameterizedTest(name = "{0} {1} url={2} address={3} min={4} -> [{5}]")
    @CsvSource(nullValues = "null", value = {
            "ops, webhook, https://hooks.example.com/x, null, null, ''",
            "a.b_c-1, slack, http://127.0.0.1:8080/hook, null, SEV1, ''",
            "mail, email, null, oncall@example.com, SEV3, ''",
            "Ops, webhook, https://x.example, null, null, name",
            "-ops, webhook, https://x.example, null, null, name",
            "ops, webhook, null, null, null, url",
            "ops, webhook, ftp://x.example/y, null, null, url",
            "ops, slack, not a url, null, null, url",
            "ops, webhook, https://, null, null, url",
            "ops, email, null, null, null, address",
            "ops, email, null, oncall, null, address",
            "ops, webhook, https://x.example, null, P1, minSeverity",
            "ops, sms, https://x.example, null, null, type",
            "ops, null, null, null, null, type",
            "Bad!, email, null, nope, SEV0, name address minSeverity"})
    void eachBrokenRuleNamesItsField(String name, String type, String url, String address, String min,
                                     String fields) {
        List<String> expected = fields.isBlank() ? List.of() : List.of(fields.split(" "));
        assertEquals(expected, ChannelRules.check(name, type, url, address, min).stream().map(FieldError::field).toList());
    }

    @org.junit.jupiter.api.Test
    void aNameOfAHundredCharactersIsTheLimit() {
        assertEquals(List.of(), ChannelRules.check("a".repeat(100), "webhook", "https://x.example", null, null));
        assertEquals(List.of("name"), ChannelRules.check("a".repeat(101), "webhook", "https://x.example", null, null)
                .stream().map(FieldError::field).toList());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "address {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "oncall@example.com\r\nBcc: attacker@evil.example",
            "oncall@example.com\nX-Injected: yes",
            "oncall@example.com\r",
            "on\tcall@example.com"})
    void anAddressWithALineBreakOrControlCharacterIsRefused(String address) {
        List<FieldError> errors = ChannelRules.check("mail", "email", null, address, null);
        assertEquals(List.of(new FieldError("address", "must not contain line breaks or other control characters")), errors);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "address {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "Ops <oncall@example.com>",
            "oncall@example.com, boss@example.com",
            "oncall@example.com;boss@example.com",
            "\"on call\"@example.com",
            "on call@example.com",
            "oncall@@example.com",
            "oncall@example",
            ".oncall@example.com",
            "oncall@exa_mple.com",
            "ränder@example.com"})
    void anAddressMustBeOnePlainMailbox(String address) {
        assertEquals(List.of("address"), ChannelRules.check("mail", "email", null, address, null).stream()
                .map(FieldError::field).toList());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "address {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "oncall@example.com", "first.last+ir@mail.example.co.uk", "ops_team-1@sub-domain.example.org",
            " oncall@example.com "})
    void plainAddressesAreAccepted(String address) {
        assertEquals(List.of(), ChannelRules.check("mail", "email", null, address, null));
    }

    @org.junit.jupiter.api.Test
    void aUrlWithALineBreakIsRefused() {
        assertEquals(List.of(new FieldError("url", "must not contain line breaks or other control characters")),
                ChannelRules.check("hook", "webhook", "https://hooks.example.com/x\r\nX-Evil: 1", null, null));
    }
}
