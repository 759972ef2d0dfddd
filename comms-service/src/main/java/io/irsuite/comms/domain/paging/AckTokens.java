package io.irsuite.comms.domain.paging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** One-time acknowledge tokens: 256 random bits, URL-safe; only their SHA-256 is stored. */
public final class AckTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private AckTokens() {
    }

    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }

    /** Whether {@code token} can be a token at all (present, not absurdly long): else it is not hashed. */
    public static boolean plausible(String token) {
        return token != null && !token.isEmpty() && token.length() <= 200;
    }

    /** Constant-time: whether {@code token} hashes to {@code storedHash}. */
    public static boolean matches(String token, String storedHash) {
        if (!plausible(token) || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(hash(token).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
