package io.irsuite.detection.config;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The configured bearer tokens and their roles; lookups compare in constant time. */
@ApplicationScoped
public class ApiTokens {

    public static final String VIEWER = "viewer";
    public static final String INGEST = "ingest";
    public static final String RESPONDER = "responder";
    public static final String ADMIN = "admin";
    public static final Set<String> ALL_ROLES = Set.of(VIEWER, INGEST, RESPONDER, ADMIN);

    /** One configured token. */
    public record Entry(String name, byte[] token, Set<String> roles) {
    }

    private final List<Entry> entries;

    public ApiTokens(IrConfig config) {
        this.entries = build(config.adminToken(), config.apiTokens());
    }

    static List<Entry> build(Optional<String> adminToken, Optional<String> apiTokens) {
        List<Entry> list = new ArrayList<>();
        adminToken.filter(t -> !t.isBlank())
                .ifPresent(t -> list.add(new Entry("admin", bytes(t.trim()), ALL_ROLES)));
        apiTokens.ifPresent(spec -> list.addAll(parse(spec)));
        return List.copyOf(list);
    }

    /** Parses {@code token=role+role,token2=role}; malformed entries are a configuration error. */
    public static List<Entry> parse(String spec) {
        List<Entry> list = new ArrayList<>();
        for (String item : spec.split(",")) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0 || eq == trimmed.length() - 1) {
                throw new IllegalArgumentException("ir.api-tokens entry is not token=role+role: " + mask(trimmed));
            }
            String token = trimmed.substring(0, eq).trim();
            Set<String> roles = new LinkedHashSet<>();
            for (String role : trimmed.substring(eq + 1).split("\\+")) {
                String r = role.trim();
                if (!ALL_ROLES.contains(r)) {
                    throw new IllegalArgumentException("ir.api-tokens names an unknown role '" + r + "'");
                }
                roles.add(r);
            }
            list.add(new Entry("token:" + String.join("+", roles), bytes(token), withImplied(roles)));
        }
        return list;
    }

    /** {@code roles} plus what they imply: admin implies responder and viewer, responder implies viewer, ingest nothing. */
    public static Set<String> withImplied(Set<String> roles) {
        Set<String> all = new LinkedHashSet<>(roles);
        if (all.contains(ADMIN)) {
            all.add(RESPONDER);
        }
        if (all.contains(RESPONDER)) {
            all.add(VIEWER);
        }
        return Set.copyOf(all);
    }

    /** The entry whose token equals {@code token}; every entry is compared so timing reveals nothing. */
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
        return "ApiTokens" + Arrays.toString(entries.stream().map(Entry::name).toArray());
    }
}
