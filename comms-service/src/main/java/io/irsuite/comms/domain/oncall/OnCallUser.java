package io.irsuite.comms.domain.oncall;

import io.irsuite.comms.domain.ChannelType;

import java.util.ArrayList;
import java.util.List;

/** A person who can be on call and paged. */
public record OnCallUser(String name, String email, String slackWebhook, String webhook, String timeZone) {

    /** The contact methods a page uses, in this order: e-mail, Slack, webhook. */
    public List<Contact> contacts() {
        List<Contact> contacts = new ArrayList<>(3);
        if (email != null) {
            contacts.add(new Contact(ChannelType.email, email));
        }
        if (slackWebhook != null) {
            contacts.add(new Contact(ChannelType.slack, slackWebhook));
        }
        if (webhook != null) {
            contacts.add(new Contact(ChannelType.webhook, webhook));
        }
        return List.copyOf(contacts);
    }
}
