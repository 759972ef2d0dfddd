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
import java.util.regex.Pattern;

/**
 * The configured bearer tokens: their roles and, optionally, the person or system they name and its
 * teams. Parsed when the service starts: a malformed {@code ir.api-tokens} stops the start with a
 * message naming the entry (never its secret). Principals are {@code admin} (the admin token), the
 * token's name when it has one, else {@code token:<role+role>}.
 */
@Startup
@ApplicationScoped
public class ApiTokens {

    /** How an {@code ir.api-tokens} entry is written, for error messages and docs. */
    public static final String FORMAT = "token=role+role[:name[:team+team]]";
    /** What a token's name and each of its teams look like. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    /** The admin token's principal; no other token may take it. */
    public static final String ADMIN_PRINCIPAL = "admin";
    /** The principal of a token without a name: this, then its roles ({@code token:responder+viewer}). */
    public static final String UNNAMED_PREFIX = "token:";
    private static final String NAME_RULE =
            "names and teams are 1 to 100 of A-Z a-z 0-9 . _ @ - and start with a letter or digit";

    /**
     * One configured token: the principal it authenticates as (its name, or {@code token:<roles>}),
     * its roles (implied ones included) and its teams (empty without).
     */
    public record Entry(String principal, byte[] token, Set<String> roles, Set<String> teams) {
    }

    private final List<Entry> entries;

    public ApiTokens(PlatformConfig config) {
        this.entries = build(config.adminToken(), config.apiTokens());
    }

    /** The entries of an admin token and a {@code token=role+role[:name[:team+team]],...} list. */
    public static List<Entry> build(Optional<String> adminToken, Optional<String> apiTokens) {
        List<Entry> list = new ArrayList<>();
        adminToken.filter(t -> !t.isBlank())
                .ifPresent(t -> list.add(new Entry(ADMIN_PRINCIPAL, bytes(t.trim()), Roles.withImplied(Roles.ALL), Set.of())));
        apiTokens.ifPresent(spec -> list.addAll(parse(spec)));
        return List.copyOf(list);
    }

    /**
     * Parses {@code token=role+role[:name[:team+team]],...}; a malformed entry is an
     * IllegalArgumentException whose message shows the entry with its secret masked. Several
     * entries may share a name (a token being rotated).
     */
    public static List<Entry> parse(String spec) {
        List<Entry> list = new ArrayList<>();
        for (String item : spec.split(",")) {
            String trimmed = item.trim();
            if (!trimmed.isEmpty()) {
                list.add(entry(trimmed));
            }
        }
        return list;
    }

    private static Entry entry(String item) {
        // roles, names and teams never hold '=', a token may (base64): the last '=' separates them
        int eq = item.lastIndexOf('=');
        if (eq <= 0 || eq == item.length() - 1 || item.substring(0, eq).isBlank()) {
            throw malformed(item, "is not " + FORMAT);
        }
        String token = item.substring(0, eq).trim();
        String[] parts = item.substring(eq + 1).split(":", -1);
        if (parts.length > 3) {
            throw malformed(item, "has more than roles, a name and teams (" + FORMAT + ")");
        }
        Set<String> roles = new LinkedHashSet<>();
        for (String role : parts[0].split("\\+", -1)) {
            String r = role.trim();
            if (!Roles.ALL.contains(r)) {
                throw malformed(item, "names unknown role '" + r + "'; the roles are viewer, ingest, responder and admin");
            }
            roles.add(r);
        }
        String name = parts.length > 1 ? parts[1].trim() : null;
        if (name != null) {
            if (name.isEmpty()) {
                throw malformed(item, "has an empty name; write " + FORMAT);
            }
            if (!NAME.matcher(name).matches()) {
                throw malformed(item, "has the invalid name '" + name + "'; " + NAME_RULE);
            }
            if (name.equalsIgnoreCase(ADMIN_PRINCIPAL)) {
                throw malformed(item, "takes the name 'admin', which is the admin token's");
            }
        }
        Set<String> teams = new LinkedHashSet<>();
        if (parts.length > 2) {
            for (String team : parts[2].split("\\+", -1)) {
                String t = team.trim();
                if (!NAME.matcher(t).matches()) {
                    throw malformed(item, "has the invalid team '" + t + "'; " + NAME_RULE);
                }
                teams.add(t);
            }
        }
        String principal = name != null ? name : UNNAMED_PREFIX + String.join("+", roles);
        return new Entry(principal, bytes(token), Roles.withImplied(roles), Set.copyOf(teams));
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

    private static IllegalArgumentException malformed(String entry, String problem) {
        return new IllegalArgumentException("ir.api-tokens entry " + mask(entry) + " " + problem);
    }

    /** The entry with its token replaced by {@code ***}: the last '=' ends the token, which may hold '=' itself. */
    private static String mask(String entry) {
        int eq = entry.lastIndexOf('=');
        return eq < 0 ? "***" : "***" + entry.substring(eq);
    }

    @Override
    public String toString() {
        return "ApiTokens" + entries.stream().map(Entry::principal).toList();
    }
}
