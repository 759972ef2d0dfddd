package io.irsuite.remediation.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configured bearer tokens and their roles. Pure: parsed from {@code ir.admin-token} and
 * {@code ir.api-tokens} ({@code token=role+role,token=role}); lookups compare in constant time.
 */
public final class ApiTokens {

    /** Every role this service knows; the admin token has all of them. */
    public static final Set<String> ALL_ROLES = Set.of("viewer", "ingest", "responder", "admin");

    /** One token, the principal name it authenticates as, and its roles. */
    public record Entry(byte[] token, String principal, Set<String> roles) {
    }

    private final List<Entry> entries;

    private ApiTokens(List<Entry> entries) {
        this.entries = entries;
    }

    public static ApiTokens parse(Optional<String> adminToken, Optional<String> apiTokens) {
        List<Entry> entries = new ArrayList<>();
        adminToken.filter(t -> !t.isBlank())
                .ifPresent(t -> entries.add(entry(t.trim(), "admin", ALL_ROLES)));
        apiTokens.ifPresent(list -> {
            for (String item : list.split(",")) {
                String trimmed = item.trim();
                int eq = trimmed.lastIndexOf('=');
                if (trimmed.isEmpty() || eq <= 0 || eq == trimmed.length() - 1) {
                    throw new IllegalArgumentException("ir.api-tokens: expected token=role+role, got an entry without roles");
                }
                Set<String> roles = new LinkedHashSet<>();
                for (String role : trimmed.substring(eq + 1).split("\\+")) {
                    if (!role.isBlank()) {
                        roles.add(role.trim());
                    }
                }
                String token = trimmed.substring(0, eq).trim();
                entries.add(entry(token, "token-" + fingerprint(token), withImplied(roles)));
            }
        });
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

    private static Entry entry(String token, String principal, Set<String> roles) {
        return new Entry(token.getBytes(StandardCharsets.UTF_8), principal, Set.copyOf(roles));
    }

    /** The entry for {@code token}; every configured token is compared so timing does not leak which matched. */
    public Optional<Entry> find(String token) {
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        Entry found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.token(), given) && found == null) {
                found = entry;
            }
        }
        return Optional.ofNullable(found);
    }

    /** A short, non-reversible name for a token, so logs and audit entries never carry the secret. */
    static String fingerprint(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
