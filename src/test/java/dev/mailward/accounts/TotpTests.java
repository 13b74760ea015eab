package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** RFC 6238 TOTP over HMAC-SHA1: the RFC's test vectors, the ±1 step window, and no code twice. */
class TotpTests {

    /** RFC 6238 Appendix B: the SHA1 key is the ASCII string "12345678901234567890". */
    private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    private static Totp at(long epochSecond) {
        return new Totp(Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    @Test
    void computesTheRfc6238Sha1TestVectors() {
        // RFC 6238 Appendix B gives 8 digits; the 6-digit code is the same truncation modulo 10^6
        long[][] vectors = {
            {59L, 94287082L},
            {1111111109L, 7081804L},
            {1111111111L, 14050471L},
            {1234567890L, 89005924L},
            {2000000000L, 69279037L},
            {20000000000L, 65353130L}
        };
        for (long[] v : vectors) {
            long step = at(v[0]).currentStep();
            assertThat(Totp.code(RFC_KEY, step, 8)).as("T=%d", v[0]).isEqualTo((int) v[1]);
            assertThat(Totp.code(RFC_KEY, step)).as("T=%d, 6 digits", v[0]).isEqualTo((int) (v[1] % 1_000_000));
            assertThat(at(v[0]).match(RFC_KEY, Totp.format((int) (v[1] % 1_000_000)), Long.MIN_VALUE))
                    .hasValue(step);
        }
    }

    @Test
    void acceptsTheNeighbouringStepsAndRefusesTwoStepsAway() {
        Totp now = at(1_234_567_890L);
        long step = now.currentStep();
        for (int offset = -1; offset <= 1; offset++) {
            String code = Totp.format(Totp.code(RFC_KEY, step + offset));
            assertThat(now.match(RFC_KEY, code, Long.MIN_VALUE))
                    .as("offset %d", offset)
                    .hasValue(step + offset);
        }
        for (int offset : new int[] {-2, 2}) {
            String code = Totp.format(Totp.code(RFC_KEY, step + offset));
            assertThat(now.match(RFC_KEY, code, Long.MIN_VALUE))
                    .as("offset %d", offset)
                    .isEmpty();
        }
    }

    @Test
    void refusesACodeOfAStepUsedAlreadyOrEarlier() {
        Totp now = at(1_234_567_890L);
        long step = now.currentStep();
        String current = Totp.format(Totp.code(RFC_KEY, step));
        String previous = Totp.format(Totp.code(RFC_KEY, step - 1));
        assertThat(now.match(RFC_KEY, current, step - 1)).hasValue(step);
        assertThat(now.match(RFC_KEY, current, step)).isEmpty();
        assertThat(now.match(RFC_KEY, previous, step)).isEmpty();
        assertThat(now.match(RFC_KEY, "12345", Long.MIN_VALUE)).isEqualTo(OptionalLong.empty());
        assertThat(now.match(RFC_KEY, "abcdef", Long.MIN_VALUE)).isEmpty();
    }

    @Test
    void base32RoundTripsAndMatchesRfc4648() {
        assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        byte[] key = Totp.newSecret();
        assertThat(Totp.fromBase32(Totp.base32(key))).isEqualTo(key);
        assertThat(Totp.uri("Mailward", "ann@example.org", "MZXW6YTBOI"))
                .isEqualTo("otpauth://totp/Mailward:ann%40example.org?secret=MZXW6YTBOI&issuer=Mailward"
                        + "&algorithm=SHA1&digits=6&period=30");
    }
}
