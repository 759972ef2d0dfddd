package io.irsuite.remediation.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.StrictJson;
import io.irsuite.remediation.config.IrConfig;
import io.irsuite.remediation.domain.RunbookDefinition;
import io.irsuite.remediation.domain.RunbookRules;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default runbook library: one runbook per action of the contract, shipped as YAML under
 * {@code runbooks/library/} and stored as version 1 (by {@value #AUTHOR}) when the service starts and no
 * runbook has its id yet. An existing id is never touched: the admin may have edited or disabled it.
 * The HTTP runbooks call adapters whose base URLs come from {@code ir.remediation.library.*}, written in
 * the YAML as {@code {{key}}}; a runbook whose key is unset is stored disabled, saying which key.
 */
@ApplicationScoped
public class RunbookLibrary {

    /** {@code created_by} of the versions the library writes; selection prefers any other author. */
    public static final String AUTHOR = "default-library";

    /** The shipped runbooks, one file {@code runbooks/library/<id>.yaml} each. */
    public static final List<String> IDS = List.of("restart-deployment", "scale-up-deployment", "rollback-deployment",
            "disable-feature-flag", "clear-cache", "open-circuit-breaker", "redirect-traffic", "database-failover",
            "rate-limit");

    /** The keys under {@value #KEY_PREFIX} a shipped runbook may name as {@code {{key}}}: adapter base URLs. */
    public static final List<String> URL_KEYS = List.of("feature-flag-url", "cache-url", "circuit-breaker-url",
            "traffic-url", "database-url");

    public static final String KEY_PREFIX = "ir.remediation.library.";
    static final String RESOURCES = "runbooks/library/";

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern TOKEN = Pattern.compile("\\{\\{([^{}]*)}}");
    /** The same input rules as a PUT's YAML, and an unknown field is an error (a typo in a shipped file). */
    private static final ObjectMapper YAML = strict(new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));

    private static ObjectMapper strict(ObjectMapper mapper) {
        new StrictJson().customize(mapper);
        return mapper;
    }

    /**
     * A shipped runbook ready to store: its definition after substitution, and why it is stored
     * disabled (an adapter URL is not configured), null when it is enabled.
     */
    public record Shipped(String id, RunbookDefinition definition, String disabledBecause) {

        public boolean enabled() {
            return disabledBecause == null;
        }

        public Shipped withId(String otherId) {
            return new Shipped(otherId, definition, disabledBecause);
        }
    }

    /** A shipped runbook or the library's configuration is wrong; the service does not start. */
    public static final class LibraryException extends IllegalStateException {
        public LibraryException(String message) {
            super(message);
        }
    }

    private final RunbookService runbooks;
    private final Validator validator;
    private final VertxContexts contexts;
    private final IrConfig config;

    public RunbookLibrary(RunbookService runbooks, Validator validator, VertxContexts contexts, IrConfig config) {
        this.runbooks = runbooks;
        this.validator = validator;
        this.contexts = contexts;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.remediation().library().enabled()) {
            Log.infof("default runbook library off (%senabled=false)", KEY_PREFIX);
            return;
        }
        // a start-up observer runs on the main thread, not an event loop: waiting here keeps the start loud
        List<Shipped> shipped = prepare(configuredUrls());
        List<String> stored = store(shipped).await().atMost(STORE_TIMEOUT);
        Log.infof("default runbook library: stored %s; %d shipped runbook(s) already existed and were left alone",
                stored, shipped.size() - stored.size());
    }

    /** The adapter base URLs set under {@value #KEY_PREFIX}, by key. */
    public Map<String, String> configuredUrls() {
        IrConfig.Remediation.Library library = config.remediation().library();
        Map<String, String> urls = new LinkedHashMap<>();
        put(urls, "feature-flag-url", library.featureFlagUrl());
        put(urls, "cache-url", library.cacheUrl());
        put(urls, "circuit-breaker-url", library.circuitBreakerUrl());
        put(urls, "traffic-url", library.trafficUrl());
        put(urls, "database-url", library.databaseUrl());
        return urls;
    }

    private static void put(Map<String, String> urls, String key, Optional<String> value) {
        value.filter(v -> !v.isBlank()).ifPresent(v -> urls.put(key, v.trim()));
    }

    /** Stores every shipped runbook whose id is not stored yet, with these adapter URLs; the ids stored. */
    public Uni<List<String>> load(Map<String, String> urls) {
        return store(prepare(urls));
    }

    /** Every shipped runbook with these adapter URLs, validated as a PUT is; throws {@link LibraryException}. */
    public List<Shipped> prepare(Map<String, String> urls) {
        return prepareAll(urls, validator);
    }

    /** Stores each runbook not stored yet as version 1, one transaction per runbook; the ids this call stored. */
    public Uni<List<String>> store(List<Shipped> shipped) {
        Uni<List<String>> chain = Uni.createFrom().item(ArrayList::new);
        for (Shipped runbook : shipped) {
            chain = chain.chain(stored -> contexts.onSafeContext(
                            () -> runbooks.storeIfAbsent(runbook.id(), runbook.definition(), runbook.enabled(), AUTHOR))
                    .map(created -> {
                        if (created) {
                            stored.add(runbook.id());
                            if (!runbook.enabled()) {
                                Log.warnf("default runbook %s: %s", runbook.id(), runbook.disabledBecause());
                            }
                        }
                        return stored;
                    }));
        }
        return chain;
    }

    /** The shipped runbooks (pure: resources, substitution, validation). */
    public static List<Shipped> prepareAll(Map<String, String> urls, Validator validator) {
        List<String> problems = new ArrayList<>();
        urls.forEach((key, value) -> {
            if (!URL_KEYS.contains(key)) {
                problems.add(KEY_PREFIX + key + ": not a key of the library (" + String.join(", ", URL_KEYS) + ")");
            } else {
                baseUrlProblems(value).forEach(p -> problems.add(KEY_PREFIX + key + ": " + p));
            }
        });
        if (!problems.isEmpty()) {
            throw new LibraryException("the default runbook library cannot be loaded: " + String.join("; ", problems));
        }
        List<Shipped> shipped = new ArrayList<>();
        for (String id : IDS) {
            shipped.add(prepare(id, resource(id), urls, validator));
        }
        return shipped;
    }

    /**
     * One shipped runbook: {@code {{key}}} replaced by its URL (or, when unset, by a host that cannot
     * resolve, and the runbook disabled with a description naming the key), then read and validated.
     */
    public static Shipped prepare(String id, String yaml, Map<String, String> urls, Validator validator) {
        List<String> problems = new ArrayList<>(RunbookRules.checkId(id).stream().map(RunbookLibrary::describe).toList());
        Set<String> missing = new LinkedHashSet<>();
        Matcher token = TOKEN.matcher(yaml);
        StringBuilder text = new StringBuilder();
        while (token.find()) {
            String key = token.group(1);
            String value;
            if (!URL_KEYS.contains(key)) {
                problems.add("unknown token " + token.group() + " (known: " + String.join(", ", URL_KEYS) + ")");
                value = token.group();
            } else if (urls.get(key) == null) {
                missing.add(key);
                value = "http://" + key + ".invalid";
            } else {
                value = withoutTrailingSlash(urls.get(key));
            }
            token.appendReplacement(text, Matcher.quoteReplacement(value));
        }
        token.appendTail(text);
        RunbookDefinition definition;
        try {
            definition = YAML.readValue(text.toString(), RunbookDefinition.class);
        } catch (IOException e) {
            throw new LibraryException("shipped runbook " + id + " cannot be read: " + e.getMessage());
        }
        if (definition == null) {
            throw new LibraryException("shipped runbook " + id + " is empty");
        }
        String disabledBecause = missing.isEmpty() ? null : disabledBecause(missing);
        if (disabledBecause != null) {
            definition = withDescription(definition, disabledBecause + " "
                    + (definition.description() == null ? "" : definition.description()));
        }
        for (ConstraintViolation<RunbookDefinition> violation : validator.validate(definition)) {
            problems.add(violation.getPropertyPath() + ": " + violation.getMessage());
        }
        if (problems.isEmpty()) {
            RunbookRules.check(definition).forEach(e -> problems.add(describe(e)));
        }
        if (!problems.isEmpty()) {
            throw new LibraryException("shipped runbook " + id + " does not pass the runbook validation: "
                    + String.join("; ", problems));
        }
        return new Shipped(id, definition, disabledBecause);
    }

    /** Why a runbook was stored disabled, and how to enable it. */
    static String disabledBecause(Set<String> keys) {
        List<String> named = keys.stream().map(k -> KEY_PREFIX + k).toList();
        return String.format(Locale.ROOT, "Stored disabled: %s (the base URL of the adapter it calls) was not set "
                + "when the default library stored it. A PUT of this runbook with your adapter's URL enables it.",
                String.join(" and ", named));
    }

    /** Problems of a configured adapter base URL: an absolute http(s) URL with a host, no placeholder, query or fragment. */
    static List<String> baseUrlProblems(String value) {
        if (value == null || value.isBlank()) {
            return List.of("must not be blank");
        }
        if (value.contains("${") || value.contains("{{")) {
            return List.of("must not hold a placeholder: an adapter's host comes from configuration only");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return List.of("not a valid URL: " + e.getReason());
        }
        List<String> problems = new ArrayList<>();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            problems.add("must be an absolute http or https URL");
        } else if (uri.getHost() == null) {
            problems.add("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            problems.add("must not hold user info");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.add("must not have a query or fragment (the runbooks append the adapter's paths)");
        }
        return problems;
    }

    static String resource(String id) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = RunbookLibrary.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(RESOURCES + id + ".yaml")) {
            if (in == null) {
                throw new LibraryException("shipped runbook " + id + " is missing (" + RESOURCES + id + ".yaml)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String withoutTrailingSlash(String url) {
        String trimmed = url.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static String describe(FieldError error) {
        return error.field() + ": " + error.message();
    }

    private static RunbookDefinition withDescription(RunbookDefinition d, String description) {
        return new RunbookDefinition(d.name(), description.strip(), d.actions(), d.categories(), d.requiresApproval(),
                d.approvers(), d.estimatedDurationSeconds(), d.steps(), d.verify(), d.dryRun(), d.rollbackOnCancel());
    }
}
