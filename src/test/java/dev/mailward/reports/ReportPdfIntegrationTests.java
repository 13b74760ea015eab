package dev.mailward.reports;

import static dev.mailward.checks.Status.FAIL;
import static dev.mailward.checks.Status.PASS;
import static dev.mailward.checks.Status.WARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockMultipartFile;

/** A PDF over seeded history: cover, summary, findings, exceptions, evidence, page numbers; its hash in the archive. */
class ReportPdfIntegrationTests extends ReportsTestSupport {

    private static String flat(String s) {
        return s.replaceAll("\\s+", "");
    }

    @Test
    void pdfShowsCoverFindingsEvidenceAndItsHashIsInTheArchive() throws Exception {
        TeamRef team = accounts.team("pdf");
        UserView auditor = accounts.user("pdf-auditor", Role.AUDITOR, team);
        String name = AccountsTestSupport.unique("pdf") + ".test";
        Instant now = Instant.now();
        long id = domain(name, team, now.minus(Duration.ofDays(20)));
        String evidence = """
                {"dns":[{"name":"%s.","type":"TXT","outcome":"ANSWER","dnssec":"INSECURE","records":[
                  {"name":"%s.","type":"TXT","ttl":300,"data":"\\"v=spf1 include:a include:b ?all\\""}]}],
                 "transcript":[{"atMillis":1,"direction":"S","text":"220 mail <script>alert(1)</script> ESMTP\\u0001"},
                               {"atMillis":2,"direction":"C","text":"EHLO mailward"}],
                 "certificates":[{"subject":"CN=mail","issuer":"CN=Test CA","notAfter":"2027-01-01T00:00:00Z",
                   "sha256":"ab12cd34ef","spkiSha256":"99aa"}]}
                """.formatted(name, name);
        result(
                id,
                "spf",
                name,
                List.of(finding("SPF_QUESTION_ALL", FAIL, "?all lets anyone send as " + name, "spf-dkim")),
                evidence,
                now.minus(Duration.ofDays(8)),
                false);
        result(
                id,
                "spf",
                name,
                List.of(finding("SPF_OK", PASS, "-all", "spf-dkim")),
                "{}",
                now.minus(Duration.ofHours(2)),
                true);
        result(
                id,
                "banner",
                "mail." + name + ":25",
                List.of(finding("BANNER_VERSION", WARN, "banner names <b>Postfix 2.11</b>", "maintained-mta")),
                evidence,
                now.minus(Duration.ofDays(9)),
                true);
        exception(
                id,
                "banner",
                "mail." + name + ":25",
                "BANNER_VERSION",
                "legacy relay, replaced in March",
                now.minus(Duration.ofDays(10)));

        LocalDate asOf = LocalDate.now(ZoneOffset.UTC).minusDays(7);
        String location = mvc.perform(post("/reports")
                        .with(as(auditor))
                        .with(csrf())
                        .param("format", "PDF")
                        .param("scope", "team")
                        .param("teamId", String.valueOf(team.id()))
                        .param("asOf", asOf.toString())
                        .param("since", asOf.minusDays(30).toString()))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        assertThat(location).matches("/reports/\\d+");
        long reportId = Long.parseLong(location.substring("/reports/".length()));

        byte[] pdf = mvc.perform(get("/reports/" + reportId + "/download").with(as(auditor)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/pdf"))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        String hash = sha256(pdf);
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/screenshots"));
        java.nio.file.Files.write(java.nio.file.Path.of("target/screenshots/report-sample.pdf"), pdf);
        String archivePage = mvc.perform(get("/reports").with(as(auditor)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(archivePage).contains(hash);
        String detail = mvc.perform(get("/reports/" + reportId).with(as(auditor)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(detail).contains(hash);

        String text;
        int pages;
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            pages = doc.getNumberOfPages();
            text = new PDFTextStripper().getText(doc);
        }
        assertThat(pages).isGreaterThanOrEqualTo(3);
        // table cells wrap long values: compare without white space
        String flat = text.replaceAll("\\s+", "");
        // cover
        assertThat(text)
                .contains("Mailward audit report #" + reportId)
                .contains(team.name())
                .contains(auditor.username())
                .contains(asOf.toString());
        // summary and findings as of the date: the FAIL of day -8, not today's PASS
        assertThat(text).contains("Executive summary");
        assertThat(flat).contains(flat("?all lets anyone send as " + name)).doesNotContain("SPF_OK");
        assertThat(flat)
                .contains(flat("banner names <b>Postfix 2.11</b>"))
                .contains(flat("legacy relay, replaced in March"));
        // evidence appendix, escaped, with the evidence of the findings: the SPF record, the banner's
        // greeting; the certificate is not what either finding is about
        assertThat(text).contains("Evidence appendix");
        assertThat(flat)
                .contains(flat("v=spf1 include:a include:b ?all"))
                .contains(flat("<script>alert(1)</script>"))
                .doesNotContain("ab12cd34ef");
        // page numbers from the CSS counters
        assertThat(text).contains("2 / " + pages);

        // verify a copy: the same bytes match, a changed copy does not
        mvc.perform(multipart("/reports/verify")
                        .file(new MockMultipartFile("file", "copy.pdf", "application/pdf", pdf))
                        .with(as(auditor))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("verifyReportId", reportId));
        byte[] changed = pdf.clone();
        changed[changed.length / 2] ^= 1;
        mvc.perform(multipart("/reports/verify")
                        .file(new MockMultipartFile("file", "copy.pdf", "application/pdf", changed))
                        .with(as(auditor))
                        .with(csrf()))
                .andExpect(flash().attributeExists("verifyError"));
    }
}
