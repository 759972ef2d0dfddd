package io.irsuite.comms.domain.oncall;

import io.irsuite.comms.domain.ChannelType;
import io.irsuite.platform.problem.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UserRulesTest {

    @ParameterizedTest(name = "{0} email={1} slack={2} webhook={3} tz={4} -> [{5}]")
    @CsvSource(nullValues = "null", value = {
            "alice, alice@example.com, null, null, Europe/Berlin, ''",
            "bob.smith@corp, null, https://hooks.slack.com/services/T/B/X, null, null, ''",
            "Carol-1, null, null, http://127.0.0.1:9000/page, America/New_York, ''",
            "al ice, alice@example.com, null, null, null, name",
            "-alice, alice@example.com, null, null, null, name",
            "alice, not-an-email, null, null, null, email",
            "alice, null, null, null, null, email",
            "alice, alice@example.com, ftp://hooks.example/x, null, null, slackWebhook",
            "alice, alice@example.com, null, /relative, null, webhook",
            "alice, alice@example.com, null, https://hooks.example/${service}, null, webhook",
            "alice, alice@example.com, null, null, +02:00, timeZone",
            "alice, alice@example.com, null, null, Europe/Atlantis, timeZone",
            "'', bad, https://, null, CEST, name email slackWebhook timeZone"})
    void eachBrokenRuleNamesItsField(String name, String email, String slack, String webhook, String zone,
                                     String fields) {
        List<String> expected = fields.isBlank() ? List.of() : List.of(fields.split(" "));
        assertEquals(expected, UserRules.check(name, new UserSpec(email, slack, webhook, zone)).stream()
                .map(FieldError::field).toList());
    }

    @Test
    void theStoredFormTrimsLowersTheMailDomainAndDefaultsToUtc() {
        OnCallUser user = UserRules.normalise("alice", new UserSpec(" Alice@Example.COM ", "", null, null));
        assertEquals(new OnCallUser("alice", "Alice@example.com", null, null, "UTC"), user);
        assertEquals(List.of(new Contact(ChannelType.email, "Alice@example.com")), user.contacts());
    }

    @Test
    void contactsComeInOrderEmailSlackWebhook() {
        OnCallUser user = new OnCallUser("bob", "bob@example.com", "https://hooks.slack.com/x", "https://h.example/b",
                "UTC");
        assertEquals(List.of(ChannelType.email, ChannelType.slack, ChannelType.webhook),
                user.contacts().stream().map(Contact::method).toList());
    }
}
