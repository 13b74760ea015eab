package dev.mailward.reportintake;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a DMARC aggregate report, RFC 9990 (namespace {@code urn:ietf:params:xml:ns:dmarc-2.0}) or the
 * RFC 7489 appendix C schema (usually no namespace), by local element names: namespaces, missing optional
 * elements and vendors' extra elements change nothing. Hostile input: a DTD is refused (no entity of any
 * kind is declared or expanded: XXE and "billion laughs" end here), and the element count, the nesting depth
 * and the length of each value are bounded by {@link IntakeLimits}.
 */
final class DmarcXml {

    private static final XMLInputFactory FACTORY = factory();

    private final IntakeLimits limits;

    DmarcXml(IntakeLimits limits) {
        this.limits = limits;
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    DmarcReport parse(byte[] xml) throws Unreadable {
        XMLStreamReader r;
        try {
            r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
        } catch (XMLStreamException e) {
            throw new Unreadable("not well-formed XML: " + firstLine(e));
        }
        try {
            return read(r);
        } catch (XMLStreamException e) {
            throw new Unreadable("not well-formed XML: " + firstLine(e));
        } finally {
            try {
                r.close();
            } catch (XMLStreamException ignored) {
                // closing a reader over a byte array releases nothing
            }
        }
    }

    private DmarcReport read(XMLStreamReader r) throws XMLStreamException, Unreadable {
        // each level's full path (feedback/record/row), built once when the element opens
        Deque<String> path = new ArrayDeque<>();
        StringBuilder text = new StringBuilder();
        Builder report = new Builder();
        RowBuilder row = null;
        AuthBuilder auth = null;
        int elements = 0;
        while (r.hasNext()) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.DTD -> throw new Unreadable("a document type declaration (DTD) is refused");
                case XMLStreamConstants.ENTITY_REFERENCE ->
                    throw new Unreadable("an entity reference is refused: " + r.getLocalName());
                case XMLStreamConstants.START_ELEMENT -> {
                    if (++elements > limits.maxElements()) {
                        throw new Unreadable("more than " + limits.maxElements() + " XML elements");
                    }
                    if (path.size() >= limits.maxDepth()) {
                        throw new Unreadable("XML nested deeper than " + limits.maxDepth() + " elements");
                    }
                    String name = r.getLocalName().toLowerCase(Locale.ROOT);
                    if (path.isEmpty() && !name.equals("feedback")) {
                        throw new Unreadable("not a DMARC aggregate report: the root element is <" + name + ">");
                    }
                    String at = path.isEmpty() ? name : path.peekLast() + "/" + name;
                    path.addLast(at);
                    text.setLength(0);
                    if (at.equals("feedback/record")) {
                        if (report.rows.size() >= limits.maxRecords()) {
                            throw new Unreadable("more than " + limits.maxRecords() + " records");
                        }
                        row = new RowBuilder();
                    } else if (row != null
                            && (at.equals("feedback/record/auth_results/dkim")
                                    || at.equals("feedback/record/auth_results/spf"))) {
                        auth = new AuthBuilder();
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (text.length() + r.getTextLength() > limits.maxValueLength()) {
                        throw new Unreadable("a value longer than " + limits.maxValueLength() + " characters in <"
                                + local(path.peekLast()) + ">");
                    }
                    text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    String at = path.peekLast();
                    String value = text.toString().strip();
                    text.setLength(0);
                    if (row != null && at.startsWith("feedback/record/")) {
                        if (auth != null
                                && (at.equals("feedback/record/auth_results/dkim")
                                        || at.equals("feedback/record/auth_results/spf"))) {
                            (at.endsWith("dkim") ? row.dkimResults : row.spfResults).add(auth.build());
                            auth = null;
                        } else if (auth != null) {
                            auth.set(local(at), value);
                        } else {
                            row.set(at.substring("feedback/record/".length()), value);
                        }
                    } else if (at.equals("feedback/record") && row != null) {
                        report.rows.add(row.build(report.rows.size() + 1));
                        row = null;
                    } else {
                        report.set(at, value);
                    }
                    path.removeLast();
                }
                default -> {
                    // comments, processing instructions and the document's end carry nothing
                }
            }
        }
        return report.build();
    }

    /** The element's own name at the end of a path ({@code feedback/record/row} → {@code row}). */
    private static String local(String at) {
        return at == null ? "" : at.substring(at.lastIndexOf('/') + 1);
    }

    private static String firstLine(XMLStreamException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.lastIndexOf("Message: ");
        return (nl >= 0 ? m.substring(nl + 9) : m)
                .lines()
                .findFirst()
                .orElse("")
                .strip();
    }

    private static Instant epoch(String value, String what) throws Unreadable {
        try {
            return Instant.ofEpochSecond(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            throw new Unreadable(what + " is not a time in seconds since 1970: " + value);
        }
    }

    private static String orNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }

    private static final class Builder {
        String org;
        String email;
        String id;
        String begin;
        String end;
        String domain;
        String p;
        String sp;
        String np;
        String adkim;
        String aspf;
        String pct;
        String testing;
        final List<DmarcReport.Row> rows = new ArrayList<>();

        void set(String at, String v) {
            switch (at) {
                case "feedback/report_metadata/org_name" -> org = v;
                case "feedback/report_metadata/email" -> email = v;
                case "feedback/report_metadata/report_id" -> id = v;
                case "feedback/report_metadata/date_range/begin" -> begin = v;
                case "feedback/report_metadata/date_range/end" -> end = v;
                case "feedback/policy_published/domain" -> domain = v;
                case "feedback/policy_published/p" -> p = v;
                case "feedback/policy_published/sp" -> sp = v;
                case "feedback/policy_published/np" -> np = v;
                case "feedback/policy_published/adkim" -> adkim = v;
                case "feedback/policy_published/aspf" -> aspf = v;
                case "feedback/policy_published/pct" -> pct = v;
                case "feedback/policy_published/testing" -> testing = v;
                default -> {
                    // version, errors, generator, extensions: not stored
                }
            }
        }

        DmarcReport build() throws Unreadable {
            if (orNull(org) == null) {
                throw new Unreadable("the report names no reporter (report_metadata/org_name)");
            }
            if (orNull(id) == null) {
                throw new Unreadable("the report has no report_metadata/report_id");
            }
            if (orNull(domain) == null) {
                throw new Unreadable("the report names no domain (policy_published/domain)");
            }
            if (orNull(begin) == null || orNull(end) == null) {
                throw new Unreadable("the report has no date_range");
            }
            String name = domain.strip().toLowerCase(Locale.ROOT);
            if (name.endsWith(".")) {
                name = name.substring(0, name.length() - 1);
            }
            return new DmarcReport(
                    org,
                    orNull(email),
                    id,
                    epoch(begin, "date_range/begin"),
                    epoch(end, "date_range/end"),
                    name,
                    new DmarcReport.Policy(
                            orNull(p),
                            orNull(sp),
                            orNull(np),
                            orNull(adkim),
                            orNull(aspf),
                            orNull(pct),
                            orNull(testing)),
                    List.copyOf(rows));
        }
    }

    private static final class RowBuilder {
        String ip;
        String count;
        String disposition;
        String dkim;
        String spf;
        String headerFrom;
        String envelopeFrom;
        String envelopeTo;
        final List<DmarcReport.Auth> dkimResults = new ArrayList<>();
        final List<DmarcReport.Auth> spfResults = new ArrayList<>();

        void set(String at, String v) {
            switch (at) {
                case "row/source_ip" -> ip = v;
                case "row/count" -> count = v;
                case "row/policy_evaluated/disposition" -> disposition = v;
                case "row/policy_evaluated/dkim" -> dkim = v;
                case "row/policy_evaluated/spf" -> spf = v;
                case "identifiers/header_from" -> headerFrom = v;
                case "identifiers/envelope_from" -> envelopeFrom = v;
                case "identifiers/envelope_to" -> envelopeTo = v;
                default -> {
                    // reasons, comments and vendors' extra elements are not stored
                }
            }
        }

        DmarcReport.Row build(int n) throws Unreadable {
            if (orNull(ip) == null) {
                throw new Unreadable("record " + n + " has no row/source_ip");
            }
            String address;
            try {
                address = InetAddress.ofLiteral(ip.strip()).getHostAddress();
            } catch (IllegalArgumentException e) {
                throw new Unreadable("record " + n + ": source_ip is not an IP address: " + ip);
            }
            long messages;
            try {
                messages = Long.parseLong(count == null ? "" : count.strip());
            } catch (NumberFormatException e) {
                throw new Unreadable("record " + n + ": row/count is not a number: " + count);
            }
            if (messages < 0) {
                throw new Unreadable("record " + n + ": row/count is negative");
            }
            return new DmarcReport.Row(
                    address,
                    messages,
                    lower(disposition),
                    lower(dkim),
                    lower(spf),
                    lower(headerFrom),
                    lower(envelopeFrom),
                    lower(envelopeTo),
                    List.copyOf(dkimResults),
                    List.copyOf(spfResults));
        }
    }

    private static String lower(String v) {
        return orNull(v) == null ? null : v.strip().toLowerCase(Locale.ROOT);
    }

    private static final class AuthBuilder {
        String domain;
        String selectorOrScope;
        String result;

        void set(String name, String v) {
            switch (name) {
                case "domain" -> domain = v;
                case "selector", "scope" -> selectorOrScope = v;
                case "result" -> result = v;
                default -> {
                    // human_result and extensions are not stored
                }
            }
        }

        DmarcReport.Auth build() {
            return new DmarcReport.Auth(lower(domain), orNull(selectorOrScope), lower(result));
        }
    }
}
