package dev.mailward.checks.mtasts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 8461 §4.1 MX pattern semantics (pure function). */
class StsPolicyTests {

    @Test
    void wildcardMatchesExactlyOneLeftmostLabel() {
        assertThat(StsPolicy.matches("*.example.net", "mx1.example.net")).isTrue();
        assertThat(StsPolicy.matches("*.example.net", "MX1.Example.NET.")).isTrue();
        assertThat(StsPolicy.matches("*.example.net", "a.b.example.net")).isFalse();
        assertThat(StsPolicy.matches("*.example.net", "example.net")).isFalse();
        assertThat(StsPolicy.matches("*.example.net", "mx1.example.net.evil.test"))
                .isFalse();
    }

    @Test
    void plainPatternMatchesOnlyTheSameName() {
        assertThat(StsPolicy.matches("mail.example.com", "mail.example.com.")).isTrue();
        assertThat(StsPolicy.matches("mail.example.com", "mx.mail.example.com")).isFalse();
    }
}
