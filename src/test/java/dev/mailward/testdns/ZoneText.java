package dev.mailward.testdns;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Parses master-format zone text into records; shared by the server and the signer. */
final class ZoneText {

    /** Default TTL for records in zone text that has neither {@code $TTL} nor an explicit TTL. */
    static final long DEFAULT_TTL = 3600;

    /** A zone file larger than this is a mistake in a test, not a fixture. */
    private static final int MAX_RECORDS = 100_000;

    private ZoneText() {}

    /** Parsed zone: its origin (from the SOA when not given) and all of its records in file order. */
    record Parsed(Name origin, List<Record> records) {}

    static Parsed parse(String text, Optional<Name> originHint) {
        List<Record> records = new ArrayList<>();
        InputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        try (Master master = originHint.isPresent()
                ? new Master(in, originHint.get(), DEFAULT_TTL)
                : new Master(in, null, DEFAULT_TTL)) {
            master.disableIncludes();
            Record record;
            while ((record = master.nextRecord()) != null) {
                if (records.size() >= MAX_RECORDS) {
                    throw new IllegalArgumentException("zone text has more than " + MAX_RECORDS + " records");
                }
                records.add(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse zone text: " + e.getMessage(), e);
        }
        Name origin = originHint.orElseGet(() -> records.stream()
                .filter(r -> r.getType() == Type.SOA)
                .map(Record::getName)
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("zone text has no SOA record and no origin was given")));
        validate(origin, records);
        return new Parsed(origin, List.copyOf(records));
    }

    static void validate(Name origin, List<Record> records) {
        boolean soaAtApex = false;
        for (Record r : records) {
            if (!r.getName().subdomain(origin)) {
                throw new IllegalArgumentException("record " + r + " is outside zone " + origin);
            }
            if (r.getDClass() != DClass.IN) {
                throw new IllegalArgumentException("record " + r + " is not class IN");
            }
            if (r instanceof SOARecord) {
                if (!r.getName().equals(origin)) {
                    throw new IllegalArgumentException("SOA " + r + " is not at the apex " + origin);
                }
                soaAtApex = true;
            }
        }
        if (!soaAtApex) {
            throw new IllegalArgumentException("zone " + origin + " has no SOA at its apex");
        }
    }

    static Name name(String name) {
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("invalid DNS name '" + name + "': " + e.getMessage(), e);
        }
    }
}
