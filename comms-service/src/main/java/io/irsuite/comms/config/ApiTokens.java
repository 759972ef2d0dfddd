package io.irsuite.comms.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The configured bearer tokens and their roles; lookups compare in constant time. */
public final class ApiTokens {

    /** Every role this service knows; the admin token has all of them. */
    public static final Set<String> ALL_ROLES = Set.of("viewer", "ingest", "responder", "admin");

    private record Entry(byte[] token, Set<String> roles) {
    }

    private final List<Entry> entries;

    private ApiTokens(List<Entry> entries) {
        this.entries = entries;
    }

    /** Parses {@code token=role+role,token2=role}; blank parts are ignored. */
    public static ApiTokens parse(Optional<String> adminToken, Optional<String> apiTokens) {
        List<Entry> entries = new ArrayList<>();
        adminToken.filter(t -> !t.isBlank())
                .ifPresent(t -> entries.add(new Entry(t.strip().getBytes(StandardCharsets.UTF_8), ALL_ROLES)));
        for (String pair : apiTokens.orElse("").split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String token = pair.substring(0, eq).strip();
            Set<String> roles = new LinkedHashSet<>();
            for (String role : pair.substring(eq + 1).split("\\+")) {
                if (!role.isBlank()) {
                    roles.add(role.strip());
                }
            }
            if (!token.isEmpty() && !roles.isEmpty()) {
                entries.add(new Entry(token.getBytes(StandardCharsets.UTF_8), withImplied(roles)));
            }
        }
        return new ApiTokens(List.copyOf(entries));
    }

    /** {@code roles} plus what they imply: admin implies responder and viewer, responder implies viewer, ingest nothing. */
    public static Set<String> withImplied(Set<String> roles) {
        Set<String> all = new LinkedHashSet<>(roles);
        if (all.contains("admin")) {
            all.add("responder");
        }
        if (all.contains("responder")) {
            all.add("viewer");
        }
        return Set.copyOf(all);
    }

    /** The roles of {@code token}, empty when it is unknown. */
    public Optional<Set<String>> rolesOf(String token) {
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        Set<String> found = null;
        // Check every entry so the time taken does not reveal which one matched.
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.token(), given) && found == null) {
                found = entry.roles();
            }
        }
        return Optional.ofNullable(found);
    }
}
