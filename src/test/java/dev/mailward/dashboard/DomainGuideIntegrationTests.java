package dev.mailward.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.testnet.TestPki;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The remediation guide seen from a domain ({@code /mitigations/{id}/guide?domain=}): the domain's
 * not-passing findings with escaped evidence and the fixes generated from its stored results, scoped to
 * the user's teams.
 */
class DomainGuideIntegrationTests extends DashboardTestSupport {

    private String name;
    private long domainId;
    private UserView operator;
    private UserView stranger;
    private TeamRef team;

    @BeforeEach
    void seedDomain() throws CertificateEncodingException {
        team = accounts.team("Guide team");
        TeamRef other = accounts.team("Other guide team");
        operator = accounts.user("guide-operator", Role.OPERATOR, team);
        stranger = accounts.user("guide-stranger", Role.OPERATOR, other);
        name = unique("guide");
        domainId = seed().domain(name, team.id(), List.of());
        Long run = jdbc.queryForObject(
                "insert into check_run (domain_id, trigger, started_at, finished_at, status) "
                        + "values (?, 'MANUAL', now(), now(), 'FAIL') returning id",
                Long.class,
                domainId);
        String mx = "mail." + name;
        result(
                run,
                "mx",
                name,
                "PASS",
                finding("MX_OK", "PASS", "MX found", "dnssec-dane"),
                "{\"mxHosts\":[{\"preference\":10,\"host\":\"" + mx + "\",\"addresses\":[\"192.0.2.25\"]}]}");
        result(
                run,
                "spf",
                name,
                "FAIL",
                finding("SPF_NO_RECORD", "FAIL", "No v=spf1 TXT record", "spf-dkim"),
                "{\"dns\":[{\"name\":\"" + name + "\",\"type\":\"TXT\",\"outcome\":\"OK\","
                        + "\"records\":[\"<script>alert('evidence')</script>\"]}]}");
        result(run, "dkim", name, "WARN", finding("DKIM_NO_SELECTOR_FOUND", "WARN", "no selector", "spf-dkim"), "{}");
        result(
                run,
                "dmarc",
                name,
                "FAIL",
                finding("DMARC_UNENFORCED", "FAIL", "p=none", "layered-auth"),
                "{\"record\":{\"name\":\"_dmarc." + name + "\",\"text\":\"v=DMARC1; p=none; rua=postmaster@" + name
                        + "\",\"tags\":{\"v\":\"DMARC1\",\"p\":\"none\",\"rua\":\"postmaster@" + name
                        + "\",\"ruf\":\"mailto:forensic@" + name + "\"}}}");
        result(run, "mta-sts", name, "WARN", finding("MTASTS_NOT_DEPLOYED", "WARN", "no MTA-STS record", "tls"), "{}");
        result(run, "tls-rpt", name, "WARN", finding("TLSRPT_MISSING", "WARN", "no TLS-RPT record", "tls"), "{}");
        result(
                run,
                "dane",
                mx,
                "WARN",
                finding("DANE_NOT_DEPLOYED", "WARN", "no TLSA records although the zone is signed", "dnssec-dane"),
                "{}");
        TestPki pki = new TestPki("Guide CA");
        X509Certificate leaf = pki.issue(mx).leaf();
        result(
                run,
                "starttls",
                mx + ":25",
                "PASS",
                finding("STARTTLS_OK", "PASS", "STARTTLS offered", "tls"),
                "{\"certificates\":[{\"subject\":\"CN=" + mx + "\",\"pem\":\"" + pem(leaf) + "\"},{\"pem\":\""
                        + pem(pki.issue("unused.test").ca()) + "\"}]}");
        // an accepted exception shows as accepted, not as passing
        jdbc.update(
                "insert into finding_exception (domain_id, check_id, target, finding_code, reason, expires_on, "
                        + "created_by, created_at) values (?, 'dkim', ?, 'DKIM_NO_SELECTOR_FOUND', 'selectors unknown', ?, "
                        + "'test', now())",
                domainId,
                name,
                LocalDate.now().plusDays(10));
    }

    @Test
    void guideFromADomainShowsItsFindingsWithEscapedEvidenceAndTheGeneratedSpfRecord() throws Exception {
        String html = page("/mitigations/spf-dkim/guide?domain=" + domainId, operator);
        assertThat(html)
                .contains(
                        "Seen from " + name,
                        "id=\"domain-findings\"",
                        "SPF_NO_RECORD",
                        "No v=spf1 TXT record",
                        "/domains/" + domainId + "/dashboard");
        // evidence from outside is text, never markup
        assertThat(html)
                .contains("&lt;script&gt;alert(&#39;evidence&#39;)&lt;/script&gt;")
                .doesNotContain("<script>alert(");
        // the accepted DKIM finding is listed as accepted
        assertThat(html).contains("DKIM_NO_SELECTOR_FOUND", "status-ACCEPTED");
        // the SPF record is generated from the observed mail servers, saying which failing finding it answers
        assertThat(html).contains("Generated fixes for " + name, name + ". 3600 IN TXT &quot;v=spf1 mx -all&quot;");
        String fixes = html.substring(html.indexOf("id=\"fixes\""));
        assertThat(fixes).contains("class=\"fix-answers small\"", "status-FAIL", "Answers", "href=\"#SPF_NO_RECORD\"");
    }

    @Test
    void aDomainNotScannedYetGetsNoFixBuiltFromNothing() throws Exception {
        // before this, the guide offered "v=spf1 -all" (reject every sender) for a domain never scanned
        String freshName = unique("fresh");
        long fresh = seed().domain(freshName, team.id(), List.of());
        String html = page("/mitigations/spf-dkim/guide?domain=" + fresh, operator);
        assertThat(html)
                .contains("id=\"domain-findings-none\"")
                .doesNotContain("id=\"fixes\"", "id=\"no-fixes\"", freshName + ". 3600 IN TXT");
    }

    @Test
    void domainCanBeGivenByNameInAnyCase() throws Exception {
        String html = page("/mitigations/layered-auth/guide?domain=" + name.toUpperCase(Locale.ROOT), operator);
        assertThat(html).contains("Seen from " + name, "v=DMARC1; p=reject");
    }

    @Test
    void dmarcFixKeepsTheDomainsOwnReportMailbox() throws Exception {
        // its rua lacked "mailto:": repaired and kept with its ruf; no mailbox is made up beside them
        String html = page("/mitigations/layered-auth/guide?domain=" + domainId, operator);
        assertThat(fixesOf(html))
                .contains("_dmarc." + name + ". 3600 IN TXT &quot;v=DMARC1; p=reject; sp=reject; rua=mailto:postmaster@"
                        + name + "; ruf=mailto:forensic@" + name + "&quot;")
                .doesNotContain("dmarc-reports@");
    }

    @Test
    void aMitigationThatPassesShowsNoGeneratedFix() throws Exception {
        // before, a domain with a working MTA-STS policy was handed a new policy id and a TLS-RPT record
        String fine = unique("fine");
        long id = seed().domain(fine, team.id(), List.of());
        Long run = jdbc.queryForObject(
                "insert into check_run (domain_id, trigger, started_at, finished_at, status) "
                        + "values (?, 'MANUAL', now(), now(), 'PASS') returning id",
                Long.class,
                id);
        result(
                id,
                run,
                "mx",
                fine,
                "PASS",
                finding("MX_OK", "PASS", "MX found", "reputation"),
                "{\"mxHosts\":[{\"preference\":10,\"host\":\"mail." + fine + "\",\"addresses\":[\"192.0.2.26\"]}]}");
        result(id, run, "mta-sts", fine, "PASS", finding("MTASTS_MODE_ENFORCE", "PASS", "enforced", "tls"), "{}");
        result(id, run, "tls-rpt", fine, "PASS", finding("TLSRPT_VALID", "PASS", "valid", "tls"), "{}");
        result(
                id,
                run,
                "starttls",
                "mail." + fine + ":25",
                "PASS",
                finding("SMTP_STARTTLS_OK", "PASS", "STARTTLS offered", "tls"),
                "{}");
        String html = withoutVerify(page("/mitigations/tls/guide?domain=" + id, operator));
        assertThat(html)
                .contains("Seen from " + fine, "No finding of this mitigation fails")
                .doesNotContain("id=\"fixes\"", "id=\"no-fixes\"", "_mta-sts." + fine, "_smtp._tls." + fine);
    }

    @Test
    void aParkedDomainGetsTheParkedDomainRecordsWithoutAReportingAddress() throws Exception {
        String parked = unique("parked");
        long id = seed().domain(parked, team.id(), List.of());
        Long run = jdbc.queryForObject(
                "insert into check_run (domain_id, trigger, started_at, finished_at, status) "
                        + "values (?, 'MANUAL', now(), now(), 'FAIL') returning id",
                Long.class,
                id);
        result(id, run, "mx", parked, "PASS", finding("MX_NULL", "PASS", "null MX", "reputation"), "{}");
        result(
                id,
                run,
                "spf",
                parked,
                "FAIL",
                finding("SPF_NO_RECORD", "FAIL", "No v=spf1 TXT record", "spf-dkim"),
                "{}");
        result(
                id,
                run,
                "dmarc",
                parked,
                "FAIL",
                finding("DMARC_MISSING", "FAIL", "no DMARC record", "layered-auth"),
                "{}");
        assertThat(page("/mitigations/spf-dkim/guide?domain=" + id, operator))
                .contains(parked + ". 3600 IN TXT &quot;v=spf1 -all&quot;");
        assertThat(fixesOf(page("/mitigations/layered-auth/guide?domain=" + id, operator)))
                .contains(
                        "_dmarc." + parked + ". 3600 IN TXT &quot;v=DMARC1; p=reject; sp=reject; adkim=s; aspf=s&quot;")
                .doesNotContain("rua=", "p=reject makes receivers refuse");
        assertThat(withoutVerify(page("/mitigations/tls/guide?domain=" + id, operator)))
                .doesNotContain("_mta-sts." + parked);
    }

    @Test
    void daneGuideCarriesTlsaRecordsFromTheLiveCertificate() throws Exception {
        String html = page("/mitigations/dnssec-dane/guide?domain=" + domainId, operator);
        assertThat(html).contains("_25._tcp.mail." + name + ". 3600 IN TLSA 3 1 1 ", "DANE_NOT_DEPLOYED");
    }

    @Test
    void mtaStsAndTlsRptFixesBelongToTheTlsGuide() throws Exception {
        String html = page("/mitigations/tls/guide?domain=" + domainId, operator);
        assertThat(html)
                .contains("mx: mail." + name, "v=TLSRPTv1; rua=mailto:tlsrpt@" + name)
                .contains("Mailward has not checked STARTTLS and the certificate of mail." + name + " on port 25");
    }

    @Test
    void anotherTeamsDomainIsNotFoundByIdOrName() throws Exception {
        mvc.perform(get("/mitigations/spf-dkim/guide?domain=" + domainId).with(as(stranger)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/mitigations/spf-dkim/guide?domain=" + name).with(as(stranger)))
                .andExpect(status().isNotFound());
    }

    @Test
    void unknownOrMalformedDomainIsNotFound() throws Exception {
        mvc.perform(get("/mitigations/spf-dkim/guide?domain=999999999").with(as(operator)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/mitigations/spf-dkim/guide?domain=<b>x</b>").with(as(operator)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/mitigations/spf-dkim/guide?domain=" + "a".repeat(400)).with(as(operator)))
                .andExpect(status().isNotFound());
    }

    @Test
    void guideWithoutDomainHasNoDomainSection() throws Exception {
        String html = page("/mitigations/spf-dkim/guide", operator);
        assertThat(html).doesNotContain("id=\"domain-guide\"", "id=\"fixes\"");
    }

    @Test
    void dashboardsLinkToTheGuideOfTheDomain() throws Exception {
        refresher.refresh(domainId);
        assertThat(page("/domains/" + domainId + "/dashboard", operator))
                .contains("/mitigations/spf-dkim/guide?domain=" + domainId);
        assertThat(page("/mitigations/spf-dkim", operator)).contains("/mitigations/spf-dkim/guide?domain=" + domainId);
    }

    /**
     * A guide page without its "Verify" part, whose commands name the domain's records on purpose
     * ({@code dig +short TXT _mta-sts.<domain>}): what is left names them only in generated fixes.
     */
    private static String withoutVerify(String html) {
        int start = html.indexOf("id=\"verify\"");
        assertThat(start).as("a verify part").isNotNegative();
        return html.substring(0, start) + html.substring(html.indexOf("</section>", start));
    }

    /** The "Generated fixes" section of a guide page (the guide text below it names records too). */
    private static String fixesOf(String html) {
        int start = html.indexOf("id=\"fixes\"");
        assertThat(start).as("a generated fixes section").isNotNegative();
        return html.substring(start, html.indexOf("</section>", start));
    }

    private String page(String path, UserView user) throws Exception {
        return mvc.perform(get(path).with(as(user)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private static String finding(String code, String status, String message, String mitigation) {
        return "[{\"code\":\"" + code + "\",\"status\":\"" + status + "\",\"message\":\"" + message
                + "\",\"mitigation\":\"" + mitigation + "\"}]";
    }

    private void result(long run, String check, String target, String status, String findings, String evidence) {
        result(domainId, run, check, target, status, findings, evidence);
    }

    private void result(
            long domainId, long run, String check, String target, String status, String findings, String evidence) {
        Timestamp at = Timestamp.from(Instant.now());
        Long id = jdbc.queryForObject(
                "insert into check_result (run_id, domain_id, check_id, target, status, findings, "
                        + "evidence, dns_hash, checked_at, elapsed_ms) values (?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), "
                        + "'', ?, 5) returning id",
                Long.class,
                run,
                domainId,
                check,
                target,
                status,
                findings,
                evidence,
                at);
        jdbc.update(
                "insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, "
                        + "evidence, dns_hash, checked_at, elapsed_ms) values (?, ?, ?, ?, ?, ?, cast(? as jsonb), "
                        + "cast(? as jsonb), '', ?, 5)",
                domainId,
                check,
                target,
                id,
                run,
                status,
                findings,
                evidence,
                at);
    }

    private static String pem(X509Certificate c) throws CertificateEncodingException {
        // as a JSON string: the line breaks escaped
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded());
        return ("-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n").replace("\n", "\\n");
    }
}
