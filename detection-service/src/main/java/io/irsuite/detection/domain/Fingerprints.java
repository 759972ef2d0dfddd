package io.irsuite.detection.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** Derives an alert's identity when its source gives none. */
public final class Fingerprints {

    private Fingerprints() {
    }

    /** First 16 hex chars of SHA-256 over source, service, name and the labels sorted by key. */
    public static String derive(String source, String service, String name, Map<String, String> labels) {
        StringBuilder text = new StringBuilder();
        // a separator that cannot occur in JSON-sourced strings keeps "a"+"bc" apart from "ab"+"c"
        text.append(source).append('\u0000').append(service).append('\u0000').append(name);
        new TreeMap<>(labels == null ? Map.of() : labels)
                .forEach((k, v) -> text.append('\u0000').append(k).append('=').append(v));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
