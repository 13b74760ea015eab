package dev.mailward.reportintake;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/** DMARC aggregate and TLS reports written by a test, one day each, in the shape real reporters send. */
final class HandWrittenReports {

    private HandWrittenReports() {}

    /**
     * One {@code <record>}: source, messages, the evaluated (aligned) DKIM and SPF results, the envelope sender,
     * the raw DKIM result (domain, result; null domain: no signature) and the raw SPF result (domain, result).
     */
    record Row(
            String ip,
            long count,
            String dkimAligned,
            String spfAligned,
            String envelopeFrom,
            String dkimDomain,
            String dkimResult,
            String spfDomain,
            String spfResult) {}

    static byte[] dmarc(String domain, String reporter, LocalDate day, String policy, Row... rows) {
        long begin = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feedback>\n<report_metadata><org_name>")
                .append(reporter)
                .append("</org_name><email>dmarc@")
                .append(reporter)
                .append("</email><report_id>")
                .append(UUID.randomUUID())
                .append("</report_id><date_range><begin>")
                .append(begin)
                .append("</begin><end>")
                .append(begin + 86399)
                .append("</end></date_range></report_metadata>\n<policy_published><domain>")
                .append(domain)
                .append("</domain><adkim>r</adkim><aspf>r</aspf><p>")
                .append(policy)
                .append("</p><pct>100</pct></policy_published>\n");
        for (Row r : rows) {
            sb.append("<record><row><source_ip>")
                    .append(r.ip())
                    .append("</source_ip><count>")
                    .append(r.count())
                    .append("</count><policy_evaluated><disposition>none</disposition><dkim>")
                    .append(r.dkimAligned())
                    .append("</dkim><spf>")
                    .append(r.spfAligned())
                    .append("</spf></policy_evaluated></row><identifiers><header_from>")
                    .append(domain)
                    .append("</header_from><envelope_from>")
                    .append(r.envelopeFrom())
                    .append("</envelope_from></identifiers><auth_results>");
            if (r.dkimDomain() != null) {
                sb.append("<dkim><domain>")
                        .append(r.dkimDomain())
                        .append("</domain><selector>s1</selector><result>")
                        .append(r.dkimResult())
                        .append("</result></dkim>");
            }
            sb.append("<spf><domain>")
                    .append(r.spfDomain())
                    .append("</domain><scope>mfrom</scope><result>")
                    .append(r.spfResult())
                    .append("</result></spf></auth_results></record>\n");
        }
        sb.append("</feedback>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A TLS report about {@code domain}'s STS policy for one day, with failures (type, sending ip, mx, sessions). */
    static byte[] tls(String domain, LocalDate day, long successful, String... failures) {
        StringBuilder details = new StringBuilder();
        long failed = 0;
        for (int i = 0; i < failures.length; i += 4) {
            long n = Long.parseLong(failures[i + 3]);
            failed += n;
            if (!details.isEmpty()) {
                details.append(',');
            }
            details.append("{\"result-type\": \"")
                    .append(failures[i])
                    .append("\", \"sending-mta-ip\": \"")
                    .append(failures[i + 1])
                    .append("\", \"receiving-mx-hostname\": \"")
                    .append(failures[i + 2])
                    .append("\", \"failed-session-count\": ")
                    .append(n)
                    .append('}');
        }
        String json = """
                {"organization-name": "Reporter-T", "contact-info": "tls@reporter-t.test",
                 "report-id": "%s",
                 "date-range": {"start-datetime": "%sT00:00:00Z", "end-datetime": "%sT23:59:59Z"},
                 "policies": [{"policy": {"policy-type": "sts", "policy-domain": "%s",
                     "policy-string": ["version: STSv1", "mode: testing", "mx: mx1.%s", "max_age: 86400"]},
                   "summary": {"total-successful-session-count": %d, "total-failure-session-count": %d},
                   "failure-details": [%s]}]}
                """.formatted(UUID.randomUUID(), day, day, domain, domain, successful, failed, details);
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
