package dev.mailward.checks;

import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnssecStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * DNS answers written by hand, for judging observations without a network: an analysis test
 * builds a family's observation record from these and asserts what {@code analyse} concludes.
 */
public final class Answers {

    private Answers() {}

    /** An answer of {@code type} at {@code name} with one record per rdata (presentation format). */
    public static DnsAnswer ok(String name, String type, String... rdata) {
        return ok(name, type, DnssecStatus.INSECURE, rdata);
    }

    /** As {@link #ok(String, String, String...)} with the given DNSSEC status. */
    public static DnsAnswer ok(String name, String type, DnssecStatus dnssec, String... rdata) {
        String absolute = name.endsWith(".") ? name : name + ".";
        List<Record> records = new ArrayList<>();
        try {
            for (String r : rdata) {
                records.add(
                        Record.fromString(Name.fromString(absolute), Type.value(type), DClass.IN, 300, r, Name.root));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return answer(
                absolute,
                type,
                records.isEmpty() ? DnsOutcome.NODATA : DnsOutcome.OK,
                records,
                dnssec,
                Optional.empty());
    }

    /** NXDOMAIN for {@code name}. */
    public static DnsAnswer nxdomain(String name, String type) {
        return answer(
                name.endsWith(".") ? name : name + ".",
                type,
                DnsOutcome.NXDOMAIN,
                List.of(),
                DnssecStatus.INSECURE,
                Optional.empty());
    }

    /** A failed lookup ({@code outcome} is not an answer, e.g. SERVFAIL). */
    public static DnsAnswer failed(String name, String type, DnsOutcome outcome) {
        return answer(
                name.endsWith(".") ? name : name + ".",
                type,
                outcome,
                List.of(),
                DnssecStatus.INDETERMINATE,
                Optional.of(outcome + " from every resolver"));
    }

    private static DnsAnswer answer(
            String name,
            String type,
            DnsOutcome outcome,
            List<Record> records,
            DnssecStatus dnssec,
            Optional<String> error) {
        return new DnsAnswer(
                name,
                type,
                outcome,
                records,
                List.of(),
                dnssec,
                Optional.empty(),
                "127.0.0.1:53",
                false,
                false,
                Duration.ofMillis(3),
                error);
    }
}
