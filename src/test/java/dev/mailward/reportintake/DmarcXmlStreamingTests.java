package dev.mailward.reportintake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A DMARC report is handed on while it is read ({@link DmarcXml.Sink}): the metadata at the first record, then each
 * record, so that the intake stores a large report as fast as it reads it. Reports that put their metadata after the
 * records are still read whole; metadata that contradicts itself after the records began is refused.
 */
class DmarcXmlStreamingTests {

    private static final String HEAD = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feedback>
              <report_metadata><org_name>stream.example</org_name><report_id>s-1</report_id>
                <date_range><begin>1764979200</begin><end>1765065599</end></date_range></report_metadata>
              <policy_published><domain>Stream.Example.</domain><p>reject</p></policy_published>
            """;

    private final DmarcXml parser = new DmarcXml(IntakeLimits.DEFAULT);

    @Test
    void handsTheMetadataAndEachRecordOnBeforeTheReportIsReadToItsEnd() {
        // the records arrive, then the stream breaks: what was read is already handed on
        InputStream broken = new SequenceInputStream(
                new ByteArrayInputStream((HEAD + record(1) + record(2)).getBytes(StandardCharsets.UTF_8)),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection lost");
                    }
                });
        Recording sink = new Recording();

        assertThatThrownBy(() -> parser.parse(broken, sink))
                .isInstanceOf(Unreadable.class)
                .hasMessageContaining("not well-formed XML");

        assertThat(sink.events)
                .containsExactly("begin stream.example s-1 stream.example", "row 192.0.2.1 1", "row 192.0.2.2 2");
    }

    @Test
    void aRecordThatBreaksARuleStopsTheReadingWhereItIs() {
        String xml = HEAD + record(1) + record(2) + "<record><row><count>3</count></row></record>" + record(4)
                + "</feedback>";
        Recording sink = new Recording();

        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), sink))
                .isInstanceOf(Unreadable.class)
                .hasMessage("record 3 has no row/source_ip");

        assertThat(sink.events)
                .containsExactly("begin stream.example s-1 stream.example", "row 192.0.2.1 1", "row 192.0.2.2 2");
    }

    @Test
    void metadataAfterTheRecordsIsReadAndTheRecordsFollowIt() throws Exception {
        String xml = "<feedback>" + record(1) + record(2) + HEAD.substring(HEAD.indexOf("<report_metadata>"))
                + "</feedback>";
        Recording sink = new Recording();

        DmarcReport header = parser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), sink);

        assertThat(header.reportId()).isEqualTo("s-1");
        assertThat(sink.events)
                .containsExactly("begin stream.example s-1 stream.example", "row 192.0.2.1 1", "row 192.0.2.2 2");
        assertThat(parser.parse(xml.getBytes(StandardCharsets.UTF_8)).rows()).hasSize(2);
    }

    @Test
    void metadataThatChangesAfterTheFirstRecordIsRefused() {
        String xml = HEAD + record(1)
                + "<policy_published><domain>other.example</domain><p>none</p></policy_published></feedback>";

        assertThatThrownBy(() -> parser.parse(xml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Unreadable.class)
                .hasMessageContaining("changes after its first record");
        // the same element repeated with the same values changes nothing
        String same = HEAD + record(1)
                + "<policy_published><domain>Stream.Example.</domain><p>reject</p></policy_published></feedback>";
        assertThat(assertDoesNotThrow(same).rows()).hasSize(1);
    }

    private DmarcReport assertDoesNotThrow(String xml) {
        try {
            return parser.parse(xml.getBytes(StandardCharsets.UTF_8));
        } catch (Unreadable e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static String record(int n) {
        return "<record><row><source_ip>192.0.2." + n + "</source_ip><count>" + n
                + "</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf>"
                + "</policy_evaluated></row><identifiers><header_from>stream.example</header_from></identifiers>"
                + "<auth_results><dkim><domain>stream.example</domain><selector>s</selector><result>pass</result>"
                + "</dkim><spf><domain>bounce.example</domain><result>fail</result></spf></auth_results></record>\n";
    }

    private static final class Recording implements DmarcXml.Sink {
        final List<String> events = new ArrayList<>();

        @Override
        public void begin(DmarcReport report) {
            assertThat(report.rows()).isEmpty();
            events.add("begin " + report.orgName() + " " + report.reportId() + " " + report.domain());
        }

        @Override
        public void row(DmarcReport.Row row) {
            events.add("row " + row.sourceIp() + " " + row.count());
        }
    }
}
