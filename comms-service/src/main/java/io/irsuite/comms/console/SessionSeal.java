package io.irsuite.comms.console;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The cryptography of a console session, pure. The cookie holds a random 256-bit session id; the database row
 * is keyed by the id's SHA-256 and holds the caller's bearer token sealed (AES-256-GCM) with a key derived from
 * the id, so the table alone yields neither a session nor a token. The CSRF token is derived from the id too
 * (HMAC), so it needs no storage and differs per session.
 */
public final class SessionSeal {

    /** What a session id in a cookie looks like: 43 base64url characters (32 bytes). */
    static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private SessionSeal() {
    }

    /** A new random session id, base64url without padding. */
    public static String newSessionId() {
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    /** True when {@code value} has the shape of a session id (anything else is not looked up). */
    public static boolean wellFormed(String value) {
        return value != null && SESSION_ID.matcher(value).matches();
    }

    /** The row key of a session: SHA-256 of its id. */
    public static byte[] idHash(String sessionId) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes(sessionId));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token sealed under the session's key: nonce, then ciphertext and tag. */
    public static byte[] seal(String token, String sessionId) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(sessionId), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(bytes(token));
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token, or empty when {@code sealed} was not sealed under this session id (or was altered). */
    public static Optional<String> open(byte[] sealed, String sessionId) {
        if (sealed == null || sealed.length <= NONCE_BYTES) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(sessionId), new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            byte[] plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            return Optional.of(new String(plain, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** The session's CSRF token: the forms of its pages carry it, every POST must. */
    public static String csrfToken(String sessionId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(sessionId, "ir-console-csrf"));
    }

    /** True when {@code presented} is the session's CSRF token; compared in constant time. */
    public static boolean csrfMatches(String sessionId, String presented) {
        return presented != null && MessageDigest.isEqual(bytes(csrfToken(sessionId)), bytes(presented));
    }

    private static SecretKeySpec key(String sessionId) {
        return new SecretKeySpec(hmac(sessionId, "ir-console-token-key"), "AES");
    }

    private static byte[] hmac(String sessionId, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(bytes(sessionId), "HmacSHA256"));
            return mac.doFinal(bytes(purpose));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
