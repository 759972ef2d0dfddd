package io.irsuite.platform.auth;

import io.irsuite.platform.config.PlatformConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configured bearer tokens and their roles. Parsed when the service starts: a malformed
 * {@code ir.api-tokens} stops the start with a message naming the entry (never its secret).
 * Principals are named {@code admin} (the admin token) and {@code token:<role+role>}.
 */
@Startup
@ApplicationScoped
public class ApiTokens {

    /** One configured token: the principal it authenticates as, and its roles (implied ones included). */
    public record Entry(String principal, byte[] token, Set<String> roles) {
    }

    private final List<Entry> entries;

    public ApiTokens(PlatformConfig config) {
        this.entries = build(config.adminToken(), config.apiTokens());
    }

    /** The entries of an admin token and a {@code token=role+role,...} list. */
    public static List<Entry> build(Optional<String> adminToken, Optional<String> apiTokens) {
        List<Entry> list = new ArrayList<>();
        adminToken.filter(t -> !t.isBlank())
                .ifPresent(t -> list.add(new Entry("admin", bytes(t.trim()), Roles.withImplied(Roles.ALL))));
        apiTokens.ifPresent(spec -> list.addAll(parse(spec)));
        return List.copyOf(list);
    }

    /** Parses {@code token=role+role,token2=role}; a malformed entry is an IllegalArgumentException. */
    public static List<Entry> parse(String spec) {
        List<Entry> list = new ArrayList<>();
        for (String item : spec.split(",")) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            // roles never hold '=', a token may (base64): the last '=' separates them
            int eq = trimmed.lastIndexOf('=');
            if (eq <= 0 || eq == trimmed.length() - 1) {
                throw new IllegalArgumentException("ir.api-tokens entry is not token=role+role: " + mask(trimmed));
            }
            String token = trimmed.substring(0, eq).trim();
            Set<String> roles = new LinkedHashSet<>();
            for (String role : trimmed.substring(eq + 1).split("\\+")) {
                String r = role.trim();
                if (!Roles.ALL.contains(r)) {
                    throw new IllegalArgumentException("ir.api-tokens entry " + mask(trimmed) + " names unknown role '"
                            + r + "'; the roles are viewer, ingest, responder and admin");
                }
                roles.add(r);
            }
            list.add(new Entry("token:" + String.join("+", roles), bytes(token), Roles.withImplied(roles)));
        }
        return list;
    }

    /** The entry whose token equals {@code token}; every entry is compared, so timing reveals nothing. */
    public Optional<Entry> lookup(String token) {
        byte[] candidate = bytes(token);
        Entry found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.token(), candidate) && found == null) {
                found = entry;
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String mask(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? "***" : "***" + entry.substring(eq);
    }

    @Override
    public String toString() {
        return "ApiTokens" + entries.stream().map(Entry::principal).toList();
    }
}
