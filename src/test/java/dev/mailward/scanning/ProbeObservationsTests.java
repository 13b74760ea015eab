package dev.mailward.scanning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.checks.dkim.DkimCode;
import dev.mailward.configaudit.Observations.KeyState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeObservationsTests {

    private static CheckResult dkim(String target, DkimCode code, Status status) {
        return CheckResult.of("dkim", target, List.of(Finding.of(code, status, code.name())), Evidence.empty(),
                Instant.EPOCH, Duration.ZERO);
    }

    @Test
    void dkimKeysOfTheDomainByStateFromItsDkimResults() {
        List<CheckResult> results = List.of(
                dkim("s2025._domainkey.example.org", DkimCode.DKIM_SELECTOR_MISSING, Status.WARN),
                dkim("dkim._domainkey.Example.org.", DkimCode.DKIM_KEY_RSA_STRONG, Status.PASS),
                dkim("old._domainkey.example.org", DkimCode.DKIM_KEY_REVOKED, Status.WARN),
                dkim("weak._domainkey.example.org", DkimCode.DKIM_KEY_RSA_WEAK, Status.FAIL),
                dkim("flaky._domainkey.example.org", DkimCode.DKIM_DNS_ERROR, Status.ERROR),
                dkim("s1._domainkey.other.example", DkimCode.DKIM_KEY_ED25519, Status.PASS),
                dkim("_domainkey.example.org", DkimCode.DKIM_NO_SELECTOR_FOUND, Status.WARN));

        assertThat(ProbeObservations.dkimKeys("example.org", results).selectors()).isEqualTo(Map.of(
                "s2025", KeyState.MISSING, "dkim", KeyState.USABLE, "old", KeyState.REVOKED,
                "weak", KeyState.UNUSABLE));
        assertThat(ProbeObservations.dkimKeys("example.org", results).domain()).isEqualTo("example.org");
    }
}
