package dev.mailward.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsEvidence;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnssecStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;

class EvidenceTests {

    private static DnsAnswer answer(String name, List<Record> records, String server, boolean fromCache) {
        return new DnsAnswer(
                name,
                "TXT",
                records.isEmpty() ? DnsOutcome.NXDOMAIN : DnsOutcome.OK,
                records,
                List.of(),
                DnssecStatus.INSECURE,
                Optional.empty(),
                server,
                false,
                fromCache,
                Duration.ofMillis(fromCache ? 0 : 4),
                Optional.empty());
    }

    @Test
    void aCachedRepeatOfAnAnswerIsListedOnceWithWhereItReallyCameFrom() throws Exception {
        List<Record> spf = List.of(new TXTRecord(Name.fromString("_spf.esp.test."), 1, 300, "v=spf1 -all"));
        List<Record> other = List.of(new TXTRecord(Name.fromString("_spf.esp.test."), 1, 300, "v=spf1 -all"));
        DnsAnswer network = answer("_spf.esp.test.", spf, "127.0.0.1:53", false);
        DnsAnswer cachedRepeat = answer("_spf.esp.test.", spf, "cache", true);
        DnsAnswer networkRepeat = answer("_spf.esp.test.", spf, "127.0.0.1:53", false);
        DnsAnswer sameDataFetchedAgain = answer("_spf.esp.test.", other, "cache", true);
        DnsAnswer missing = answer("nx.esp.test.", List.of(), "127.0.0.1:53", false);
        DnsAnswer otherMissing = answer("nx2.esp.test.", List.of(), "cache", true);
        DnsAnswer missingAgain = answer("nx.esp.test.", List.of(), "cache", true);

        Evidence e = Evidence.builder()
                .dns(List.of(network, cachedRepeat, networkRepeat))
                .dns(List.of(sameDataFetchedAgain, missing, otherMissing, missingAgain, cachedRepeat, network))
                .build();

        assertThat(e.dns())
                .extracting(DnsEvidence::name, DnsEvidence::server, DnsEvidence::fromCache)
                .containsExactly(
                        tuple("_spf.esp.test.", "127.0.0.1:53", false),
                        tuple("_spf.esp.test.", "127.0.0.1:53", false),
                        tuple("_spf.esp.test.", "cache", true),
                        tuple("nx.esp.test.", "127.0.0.1:53", false),
                        tuple("nx2.esp.test.", "cache", true));
    }
}
