package dev.mailward.reportintake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * DMARC records travel to the database in a {@code COPY} stream ({@link RecordCopy}): hostile values from a report
 * (tabs, newlines, carriage returns, backslashes, COPY's own {@code \N} and {@code \.}, quotes, JSON, control
 * characters, astral characters) are stored exactly as the parser read them, in the text columns and in the DKIM and
 * SPF {@code jsonb}; U+0000, which PostgreSQL text cannot hold, is removed; and no value shifts a column or a row.
 */
@MailwardIntegrationTest
class RecordCopyIntegrationTests {

    /** Each one in the middle of a value (the parser strips a value's ends). */
    private static final List<String> HOSTILE = List.of(
            "a\tb",
            "line1\nline2",
            "cr\rlf\r\nend",
            "back\\slash\\",
            "x\\Ny",
            "x\n\\.\ny",
            "\"double\" 'single' `back`",
            "x\\t\\n not escapes",
            "{\"json\": [1, \"\\u0000\"]}",
            "ünïcödé ✓ \uD834\uDD1E",
            "<&>;,|");

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport accounts;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ReportStore store;

    @Autowired
    TransactionTemplate tx;

    @Test
    void hostileValuesOfAReportSurviveTheCopyStreamExactly() throws Exception {
        byte[] xml = report("copy-hostile-1", HOSTILE).getBytes(StandardCharsets.UTF_8);
        DmarcReport parsed = new DmarcXml(IntakeLimits.DEFAULT).parse(xml);
        assertThat(parsed.rows()).hasSize(HOSTILE.size());
        assertThat(parsed.rows().get(0).envelopeFrom()).isEqualTo("x a\tb y");

        mvc.perform(multipart("/api/v1/report-ingest")
                        .file(new MockMultipartFile("file", "hostile.xml", "application/xml", xml))
                        .with(user(accounts.principal(
                                accounts.user("copy-admin", Role.ADMIN).username()))))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.files[0].items[0].outcome").value("KEPT_ASIDE"));

        assertStoredExactly("copy-hostile-1", parsed.rows());
    }

    @Test
    void controlCharactersAreKeptAndNulIsRemovedInTextAndJson() {
        String hostile = "a\u0000b\u0001c\u001bd\u007fe\u001ff";
        String stored = "ab\u0001c\u001bd\u007fe\u001ff";
        DmarcReport.Auth auth = new DmarcReport.Auth(hostile, hostile, "pass");
        DmarcReport.Row row = new DmarcReport.Row(
                "2001:db8::1",
                Long.MAX_VALUE,
                null,
                "pass",
                null,
                hostile,
                null,
                "\u0000",
                List.of(auth, new DmarcReport.Auth(null, null, null)),
                List.of(new DmarcReport.Auth(hostile, "helo", "fail")));
        DmarcReport report = new DmarcReport(
                "copy-control.example",
                null,
                "copy-control-1",
                Instant.parse("2025-12-01T00:00:00Z"),
                Instant.parse("2025-12-02T00:00:00Z"),
                "copy-control.example",
                new DmarcReport.Policy("none", null, null, null, null, null, null),
                List.of(row, row));
        Optional<Long> id = tx.execute(s -> store.insertDmarc(
                report, null, new ReportStore.Receipt(ReportSource.API, "control.xml", Instant.now(), "test")));
        assertThat(id).isPresent();

        List<Map<String, Object>> rows = jdbc.queryForList("""
                select row_no, host(source_ip) as ip, messages, disposition, dkim_aligned, spf_aligned, dmarc_pass,
                    header_from, envelope_from, envelope_to, helo, dkim ->> 0 is null as no_dkim,
                    dkim -> 0 ->> 'domain' as dkim_domain, dkim -> 0 ->> 'selector' as dkim_selector,
                    dkim -> 1 ->> 'domain' as null_domain, jsonb_typeof(dkim -> 1 -> 'domain') as null_type,
                    spf -> 0 ->> 'domain' as spf_domain, spf -> 0 ->> 'scope' as spf_scope
                from reportintake_dmarc_record where report_id = ? order by row_no
                """, id.get());
        assertThat(rows).hasSize(2);
        for (int i = 0; i < 2; i++) {
            Map<String, Object> r = rows.get(i);
            assertThat(r.get("row_no")).isEqualTo(i + 1);
            assertThat(r.get("ip")).isEqualTo("2001:db8::1");
            assertThat(r.get("messages")).isEqualTo(Long.MAX_VALUE);
            assertThat(r.get("disposition")).isNull();
            assertThat(r.get("dkim_aligned")).isEqualTo("pass");
            assertThat(r.get("spf_aligned")).isNull();
            assertThat(r.get("dmarc_pass")).isEqualTo(true);
            assertThat(r.get("header_from")).isEqualTo(stored);
            assertThat(r.get("envelope_from")).isNull();
            assertThat(r.get("envelope_to")).isEqualTo("");
            assertThat(r.get("helo")).isEqualTo(stored);
            assertThat(r.get("dkim_domain")).isEqualTo(stored);
            assertThat(r.get("dkim_selector")).isEqualTo(stored);
            assertThat(r.get("null_domain")).isNull();
            assertThat(r.get("null_type")).isEqualTo("null");
            assertThat(r.get("spf_domain")).isEqualTo(stored);
            assertThat(r.get("spf_scope")).isEqualTo("helo");
        }
    }

    private void assertStoredExactly(String reportId, List<DmarcReport.Row> expected) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                select x.row_no, host(x.source_ip) as ip, x.messages, x.dmarc_pass, x.header_from, x.envelope_from,
                    x.envelope_to, x.helo, x.dkim -> 0 ->> 'domain' as dkim_domain,
                    x.dkim -> 0 ->> 'selector' as dkim_selector, x.spf -> 0 ->> 'domain' as spf_domain,
                    jsonb_array_length(x.dkim) as dkims, jsonb_array_length(x.spf) as spfs
                from reportintake_dmarc_record x join reportintake_dmarc_report r on r.id = x.report_id
                where r.report_id = ? order by x.row_no
                """, reportId);
        assertThat(rows).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            DmarcReport.Row want = expected.get(i);
            Map<String, Object> got = rows.get(i);
            assertThat(got.get("row_no")).isEqualTo(i + 1);
            assertThat(got.get("ip")).isEqualTo(want.sourceIp());
            assertThat(got.get("messages")).isEqualTo(want.count());
            assertThat(got.get("dmarc_pass")).isEqualTo(want.dmarcPass());
            assertThat(got.get("header_from")).isEqualTo(want.headerFrom());
            assertThat(got.get("envelope_from")).isEqualTo(want.envelopeFrom());
            assertThat(got.get("envelope_to")).isEqualTo(want.envelopeTo());
            assertThat(got.get("helo")).isEqualTo(want.helo());
            assertThat(got.get("dkim_domain")).isEqualTo(want.dkim().get(0).domain());
            assertThat(got.get("dkim_selector")).isEqualTo(want.dkim().get(0).selectorOrScope());
            assertThat(got.get("spf_domain")).isEqualTo(want.spf().get(0).domain());
            assertThat(got.get("dkims")).isEqualTo(1);
            assertThat(got.get("spfs")).isEqualTo(2);
        }
    }

    /** A report about an unknown domain with one record per hostile value, in every free-text field. */
    private static String report(String reportId, List<String> values) {
        StringBuilder b = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <feedback>
                  <report_metadata><org_name>copy.example</org_name><report_id>%s</report_id>
                    <date_range><begin>1764979200</begin><end>1765065599</end></date_range></report_metadata>
                  <policy_published><domain>copy-unknown.example</domain><p>none</p></policy_published>
                """.formatted(reportId));
        int n = 0;
        for (String v : values) {
            String x = xml("x " + v + " y");
            n++;
            b.append("<record><row><source_ip>192.0.2.")
                    .append(n)
                    .append("</source_ip><count>")
                    .append(n)
                    .append("</count><policy_evaluated><disposition>none</disposition><dkim>fail</dkim>")
                    .append("<spf>pass</spf></policy_evaluated></row>")
                    .append("<identifiers><header_from>")
                    .append(x)
                    .append("</header_from><envelope_from>")
                    .append(x)
                    .append("</envelope_from><envelope_to>")
                    .append(x)
                    .append("</envelope_to></identifiers><auth_results><dkim><domain>")
                    .append(x)
                    .append("</domain><selector>")
                    .append(x)
                    .append("</selector><result>fail</result></dkim><spf><domain>")
                    .append(x)
                    .append("</domain><scope>mfrom</scope><result>pass</result></spf><spf><domain>")
                    .append(x)
                    .append("</domain><scope>helo</scope><result>pass</result></spf></auth_results></record>\n");
        }
        return b.append("</feedback>\n").toString();
    }

    /** XML text with every character that XML would change or normalise written as a reference. */
    private static String xml(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '\t', '\n', '\r' -> b.append("&#").append(c).append(';');
                default -> b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
