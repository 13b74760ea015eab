package dev.mailward.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.checks.Mitigation;
import dev.mailward.checks.Status;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The "fix this first" ranking over the read model: failures before errors before warnings, then the
 * mitigation's weight times the domains sharing a cause (check, target, code), one item per cause,
 * accepted findings left out, scoped to the user's teams; the domain's list from its current results.
 */
class FixFirstIntegrationTests extends DashboardTestSupport {

    @Autowired
    DashboardQueries queries;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void ranksFailuresFirstByWeightTimesDomainsCountsASharedCauseOnceAndLeavesOutAcceptedFindings() {
        TeamRef team = accounts.team("fixfirst");
        TeamRef other = accounts.team("fixfirst-other");
        UserView auditor = accounts.user("fixfirst-auditor", Role.AUDITOR, team);
        UserView admin = accounts.user("fixfirst-admin", Role.ADMIN, team);
        DashboardSeed seed = seed();
        String mx = "mx." + unique("shared");
        String relay = "relay." + unique("one");
        String address = "192.0.2.77";
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String name = "d" + i + "-" + unique("ff");
            long id = seed.domain(name, team.id(), List.of("fixfirst"));
            ids.add(id);
            seed.finding(id, "certificate", mx + ":25", "CERT_EXPIRED", Status.FAIL, Mitigation.TLS, "expired");
            seed.finding(id, "ptr", address, "PTR_MISSING", Status.WARN, Mitigation.REPUTATION, "no PTR");
        }
        long d1 = ids.get(0);
        long d2 = ids.get(1);
        long d3 = ids.get(2);
        seed.finding(
                d1, "open-relay", relay + ":25", "SMTP_OPEN_RELAY", Status.FAIL, Mitigation.NO_OPEN_RELAY, "relays");
        seed.finding(d1, "dkim", "s1._domainkey.x", "DKIM_DNS_ERROR", Status.ERROR, Mitigation.SPF_DKIM, "no answer");
        seed.finding(d2, "spf", "d2", "SPF_NO_RECORD", Status.FAIL, Mitigation.SPF_DKIM, "no SPF record");
        seed.finding(d3, "dmarc", "d3", "DMARC_MISSING", Status.FAIL, Mitigation.LAYERED_AUTH, "no DMARC");
        seed.accept(d3, "dmarc", "d3", "DMARC_MISSING");
        long foreign = seed.domain("d4-" + unique("ff"), other.id(), List.of());
        seed.finding(foreign, "certificate", mx + ":25", "CERT_EXPIRED", Status.FAIL, Mitigation.TLS, "expired");
        for (long id : List.of(d1, d2, d3, foreign)) {
            refresher.refresh(id);
        }

        signIn(auditor);
        FixFirst fleet = queries.fixFirst(Optional.empty(), Optional.of("fixfirst"), 0, FixFirst.TOP);
        assertThat(fleet.items())
                .extracting(FixFirst.Item::code, FixFirst.Item::status, FixFirst.Item::domains)
                .containsExactly(
                        tuple("CERT_EXPIRED", Status.FAIL, 3L), // tls 4 × 3 domains
                        tuple("SMTP_OPEN_RELAY", Status.FAIL, 1L), // no-open-relay 5 × 1
                        tuple("SPF_NO_RECORD", Status.FAIL, 1L), // spf-dkim 4 × 1
                        tuple("DKIM_DNS_ERROR", Status.ERROR, 1L),
                        tuple("PTR_MISSING", Status.WARN, 3L));
        assertThat(fleet.total()).isEqualTo(5);
        FixFirst.Item cert = fleet.items().getFirst();
        assertThat(cert.target()).isEqualTo(mx + ":25");
        assertThat(cert.message()).isEqualTo("expired");
        assertThat(cert.shown()).extracting(FixFirst.DomainRef::id).containsExactly(d1, d2, d3);

        FixFirst page = queries.fixFirst(Optional.empty(), Optional.of("fixfirst"), 1, 2);
        assertThat(page.items()).extracting(FixFirst.Item::code).containsExactly("SPF_NO_RECORD", "DKIM_DNS_ERROR");

        FixFirst domain = queries.domainFixFirst(d3).orElseThrow();
        assertThat(domain.items())
                .extracting(FixFirst.Item::code, FixFirst.Item::domains)
                .containsExactly(tuple("CERT_EXPIRED", 3L), tuple("PTR_MISSING", 3L));

        signIn(admin);
        FixFirst all = queries.fixFirst(Optional.empty(), Optional.empty(), 0, DashboardQueries.PAGE_SIZE);
        assertThat(all.items())
                .filteredOn(i -> i.target().equals(mx + ":25"))
                .singleElement()
                .extracting(FixFirst.Item::domains)
                .isEqualTo(4L);
    }

    @Test
    void thePortfolioAndTheDomainDashboardShowTheListWithGuideLinks() throws Exception {
        TeamRef team = accounts.team("fixfirst-page");
        UserView viewer = accounts.user("fixfirst-viewer", Role.AUDITOR, team);
        DashboardSeed seed = seed();
        String name = unique("ffpage");
        long id = seed.domain(name, team.id(), List.of());
        seed.finding(
                id,
                "certificate",
                "mx." + name + ":25",
                "CERT_EXPIRED",
                Status.FAIL,
                Mitigation.TLS,
                "The certificate expired");
        refresher.refresh(id);

        String guide = "/mitigations/tls/guide?domain=" + id + "#CERT_EXPIRED";
        mvc.perform(get("/dashboard").with(as(viewer)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("The certificate expired")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString(guide)));
        mvc.perform(get("/domains/" + id + "/dashboard").with(as(viewer)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(guide)));
        mvc.perform(get("/domains/" + id + "/fix-first")
                        .header("HX-Request", "true")
                        .with(as(viewer)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(guide)));
        mvc.perform(get("/fix-first").with(as(viewer)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(guide)));
    }

    private void signIn(UserView user) {
        var principal = accounts.principal(user.username());
        SecurityContextHolder.getContext()
                .setAuthentication(
                        new UsernamePasswordAuthenticationToken(principal, null, principal.getAuthorities()));
    }
}
