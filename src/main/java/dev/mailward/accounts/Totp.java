package dev.mailward.accounts;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA1, {@value #STEP_SECONDS}-second
 * time steps counted from the Unix epoch, {@value #DIGITS} digits, and the steps next to the current one
 * accepted too (a clock a step ahead or behind, a code typed at the end of its step). Pure arithmetic on the
 * key and the clock; which codes were used already is the caller's to remember.
 */
final class Totp {

    static final int STEP_SECONDS = 30;
    static final int DIGITS = 6;
    /** Steps accepted either side of the current one (RFC 6238 §5.2 recommends at most one). */
    static final int WINDOW = 1;
    /** 160 bits, the HMAC-SHA1 output length (RFC 4226 §4 R6 asks for at least 128). */
    static final int SECRET_BYTES = 20;

    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;

    Totp(Clock clock) {
        this.clock = clock;
    }

    static byte[] newSecret() {
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /** The time step of now. */
    long currentStep() {
        return Math.floorDiv(clock.millis() / 1000, STEP_SECONDS);
    }

    /**
     * The step whose code {@code code} is, among the current one and its {@value #WINDOW} neighbours either
     * side, only if it is later than {@code lastUsedStep} (so a code, or an older one, is never accepted
     * twice).
     */
    OptionalLong match(byte[] key, String code, long lastUsedStep) {
        String c = code == null ? "" : code.strip().replace(" ", "");
        if (c.length() != DIGITS || !c.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return OptionalLong.empty();
        }
        int wanted = Integer.parseInt(c);
        long now = currentStep();
        for (long step = now - WINDOW; step <= now + WINDOW; step++) {
            if (step > lastUsedStep && code(key, step) == wanted) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    /** RFC 4226 HOTP of {@code counter} (dynamic truncation), {@code digits} decimal digits. */
    static int code(byte[] key, long counter, int digits) {
        byte[] msg = new byte[8];
        for (int i = 7; i >= 0; i--) {
            msg[i] = (byte) counter;
            counter >>>= 8;
        }
        byte[] h;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            h = mac.doFinal(msg);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
        int offset = h[h.length - 1] & 0x0f;
        int binary = ((h[offset] & 0x7f) << 24)
                | ((h[offset + 1] & 0xff) << 16)
                | ((h[offset + 2] & 0xff) << 8)
                | (h[offset + 3] & 0xff);
        int mod = 1;
        for (int i = 0; i < digits; i++) {
            mod *= 10;
        }
        return binary % mod;
    }

    static int code(byte[] key, long step) {
        return code(key, step, DIGITS);
    }

    /** The code as an authenticator app shows it, with leading zeros. */
    static String format(int code) {
        return String.format(Locale.ROOT, "%0" + DIGITS + "d", code);
    }

    /** RFC 4648 base32 without padding, as authenticator apps take a key typed in. */
    static String base32(byte[] data) {
        StringBuilder sb = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return sb.toString();
    }

    static byte[] fromBase32(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char ch : text.toUpperCase(Locale.ROOT).toCharArray()) {
            if (ch == '=' || ch == ' ') {
                continue;
            }
            int v = ch >= 'A' && ch <= 'Z' ? ch - 'A' : ch >= '2' && ch <= '7' ? ch - '2' + 26 : -1;
            if (v < 0) {
                throw new IllegalArgumentException("not base32: " + ch);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    /** The key-uri an authenticator app reads from the QR code (Google Authenticator's otpauth format). */
    static String uri(String issuer, String account, String base32Secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + base32Secret + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
