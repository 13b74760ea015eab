package dev.mailward.checks.dkim;

import static dev.mailward.checks.Answers.nxdomain;
import static dev.mailward.checks.Answers.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.DomainObservation;
import dev.mailward.checks.Finding;
import dev.mailward.checks.MailUse;
import dev.mailward.checks.ObservationJson;
import dev.mailward.checks.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** {@link DkimCheck#analyse} over selector lookups written by hand: no network. */
class DkimAnalyseTests {

    private static final Instant STARTED = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void judgesEachObservedSelectorAndTheConfiguredSelectorsThatWereNotQueried() throws Exception {
        String key = DkimCheckTests.rsaKey(1024);
        DkimObservation o = new DkimObservation(
                "example.test",
                STARTED,
                Duration.ofMillis(9),
                List.of("sel", "not a selector!"),
                List.of(
                        new DkimObservation.Selector(
                                "sel",
                                true,
                                ok(
                                        "sel._domainkey.example.test",
                                        "TXT",
                                        DkimCheckTests.quoted("v=DKIM1; k=rsa; p=" + key))),
                        new DkimObservation.Selector(
                                "default", false, nxdomain("default._domainkey.example.test", "TXT"))),
                Optional.empty());

        List<CheckResult> results = new DkimCheck(List.of("default")).analyse(o);

        assertThat(results)
                .extracting(CheckResult::target)
                .containsExactly("sel._domainkey.example.test", "_domainkey.example.test");
        assertThat(results.get(0).findings()).extracting(Finding::code).containsExactly("DKIM_KEY_RSA_SHORT");
        assertThat(results.get(1).findings()).extracting(Finding::code).containsExactly("DKIM_SELECTOR_INVALID");
        assertThat(results).allSatisfy(r -> assertThat(r.checkedAt()).isEqualTo(STARTED));
    }

    @Test
    void judgesTheNoMailDeclarationItKeptAndAnObservationStoredWithoutOneAsASendingDomain() {
        DkimObservation o = new DkimObservation(
                "example.test",
                STARTED,
                Duration.ofMillis(5),
                List.of(),
                List.of(new DkimObservation.Selector(
                        "default", false, nxdomain("default._domainkey.example.test", "TXT"))),
                Optional.empty(),
                Optional.of(new MailUse(ok("example.test", "MX", "0 ."), ok("example.test", "TXT"))));
        DkimCheck check = new DkimCheck(List.of("default"));
        ObservationJson json = new ObservationJson(List.of(check));
        ObjectNode tree = (ObjectNode) json.tree(new DomainObservation(
                "example.test",
                STARTED,
                List.of(new DomainObservation.FamilyObservation.Observed("dkim", STARTED, Duration.ZERO, o))));

        DkimObservation decoded =
                json.decode(tree).observation("dkim", DkimObservation.class).orElseThrow();
        assertThat(check.analyse(decoded)).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.NOT_APPLICABLE);
            assertThat(r.findings()).extracting(Finding::code).containsExactly("DKIM_NO_MAIL");
        });

        ((ObjectNode) tree.get("families").get(0).get("observation")).remove("mailUse");
        DkimObservation stored =
                json.decode(tree).observation("dkim", DkimObservation.class).orElseThrow();
        assertThat(stored.mailUse()).isEmpty();
        assertThat(check.analyse(stored)).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.WARN);
            assertThat(r.findings()).extracting(Finding::code).containsExactly("DKIM_NO_SELECTOR_FOUND");
        });
    }

    @Test
    void anObservationThatFailedIsOneErrorForTheDomain() {
        DkimObservation o = new DkimObservation(
                "example.test",
                STARTED,
                Duration.ZERO,
                List.of(),
                List.of(),
                Optional.of("IllegalStateException: broken"));

        assertThat(new DkimCheck(List.of()).analyse(o)).singleElement().satisfies(r -> {
            assertThat(r.target()).isEqualTo("_domainkey.example.test");
            assertThat(r.findings().getFirst().message())
                    .isEqualTo("DKIM check failed internally: IllegalStateException: broken");
        });
    }
}
