package dev.mailward.reportintake;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** What a streamed parse hands on: the report's metadata once it is known, then each record in order. */
    interface Sink {
        /**
         * The report without its records ({@link DmarcReport#rows()} empty): called at the first record when the
         * reporter put the metadata and the published policy first (the schema's order, and every reporter's), else
         * at the end, before the records, which were then kept until it.
         */
        void begin(DmarcReport report) throws Unreadable;

        /** One record, numbered from 1 in the report's order. */
        void row(DmarcReport.Row row) throws Unreadable;
    }

    /** The whole report with its records. */
    DmarcReport parse(byte[] xml) throws Unreadable {
        return parse(new ByteArrayInputStream(xml));
    }

    /** The whole report with its records, read from {@code xml}. */
    DmarcReport parse(InputStream xml) throws Unreadable {
        List<DmarcReport.Row> rows = new ArrayList<>();
        DmarcReport[] header = new DmarcReport[1];
        parse(xml, new Sink() {
            @Override
            public void begin(DmarcReport report) {
                header[0] = report;
            }

            @Override
            public void row(DmarcReport.Row row) {
                rows.add(row);
            }
        });
        DmarcReport h = header[0];
        return new DmarcReport(
                h.orgName(), h.email(), h.reportId(), h.begin(), h.end(), h.domain(), h.policy(), List.copyOf(rows));
    }

    /**
     * Reads the report from {@code xml}, handing its metadata and records to {@code sink} as they are read, so
     * that a large report is stored while it is still being read; a record, or the report, that breaks a rule
     * throws {@link Unreadable} at the point where it is found (the sink may have had earlier records by then).
     * Returns the metadata, as handed to {@link Sink#begin}.
     */
    DmarcReport parse(InputStream xml, Sink sink) throws Unreadable {
        XMLStreamReader r;
        try {
            r = FACTORY.createXMLStreamReader(xml);
        } catch (XMLStreamException e) {
            throw new Unreadable("not well-formed XML: " + firstLine(e));
        }
        try {
            return read(r, sink);
        } catch (XMLStreamException e) {
            throw new Unreadable("not well-formed XML: " + firstLine(e));
        } finally {
            try {
                r.close();
            } catch (XMLStreamException ignored) {
                // closing the reader leaves the stream to its owner
            }
        }
    }

    private DmarcReport read(XMLStreamReader r, Sink sink) throws XMLStreamException, Unreadable {
        // the element at each depth (its place in the report) and its own name; elements the report does not
        // define (vendors' extensions, reasons, comments) are OTHER, as is everything inside them
        Element[] at = new Element[limits.maxDepth() + 1];
        String[] names = new String[limits.maxDepth() + 1];
        int depth = 0;
        StringBuilder text = new StringBuilder();
        int textLength = 0;
        Builder report = new Builder();
        DmarcReport begun = null;
        List<DmarcReport.Row> kept = null;
        int records = 0;
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
                    if (depth >= limits.maxDepth()) {
                        throw new Unreadable("XML nested deeper than " + limits.maxDepth() + " elements");
                    }
                    String name = r.getLocalName();
                    Element e;
                    if (depth == 0) {
                        name = name.toLowerCase(Locale.ROOT);
                        if (!name.equals("feedback")) {
                            throw new Unreadable("not a DMARC aggregate report: the root element is <" + name + ">");
                        }
                        e = Element.FEEDBACK;
                    } else {
                        e = at[depth].child(name);
                    }
                    depth++;
                    at[depth] = e;
                    names[depth] = name;
                    text.setLength(0);
                    textLength = 0;
                    if (e == Element.RECORD) {
                        if (records >= limits.maxRecords()) {
                            throw new Unreadable("more than " + limits.maxRecords() + " records");
                        }
                        if (begun == null && kept == null) {
                            DmarcReport header = report.buildIfComplete();
                            if (header != null) {
                                sink.begin(header);
                                begun = header;
                            } else {
                                kept = new ArrayList<>();
                            }
                        }
                        row = new RowBuilder();
                    } else if (e == Element.AUTH_DKIM || e == Element.AUTH_SPF) {
                        auth = new AuthBuilder();
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    textLength += r.getTextLength();
                    if (textLength > limits.maxValueLength()) {
                        throw new Unreadable("a value longer than " + limits.maxValueLength() + " characters in <"
                                + (depth == 0 ? "" : names[depth]) + ">");
                    }
                    if (depth > 0 && at[depth].field != null) {
                        text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    Element e = at[depth];
                    if (e.field != null) {
                        String value = text.toString().strip();
                        switch (e.field.owner) {
                            case REPORT -> report.set(e.field, value);
                            case ROW -> row.set(e.field, value);
                            case AUTH -> auth.set(e.field, value);
                        }
                    } else if (e == Element.AUTH_DKIM || e == Element.AUTH_SPF) {
                        (e == Element.AUTH_DKIM ? row.dkimResults : row.spfResults).add(auth.build());
                        auth = null;
                    } else if (e == Element.RECORD) {
                        DmarcReport.Row built = row.build(++records);
                        if (kept != null) {
                            kept.add(built);
                        } else {
                            sink.row(built);
                        }
                        row = null;
                    }
                    text.setLength(0);
                    textLength = 0;
                    depth--;
                }
                default -> {
                    // comments, processing instructions and the document's end carry nothing
                }
            }
        }
        DmarcReport whole = report.build();
        if (begun != null) {
            if (!begun.equals(whole)) {
                throw new Unreadable("the report's metadata or published policy changes after its first record");
            }
            return begun;
        }
        sink.begin(whole);
        if (kept != null) {
            for (DmarcReport.Row k : kept) {
                sink.row(k);
            }
        }
        return whole;
    }

    /** Who a value belongs to: the report, the record being read, or one of its DKIM or SPF results. */
    private enum Owner {
        REPORT,
        ROW,
        AUTH
    }

    /** The values the report's elements carry that are stored; every other element's text is skipped. */
    private enum Field {
        ORG(Owner.REPORT),
        EMAIL(Owner.REPORT),
        REPORT_ID(Owner.REPORT),
        BEGIN(Owner.REPORT),
        END(Owner.REPORT),
        DOMAIN(Owner.REPORT),
        P(Owner.REPORT),
        SP(Owner.REPORT),
        NP(Owner.REPORT),
        ADKIM(Owner.REPORT),
        ASPF(Owner.REPORT),
        PCT(Owner.REPORT),
        TESTING(Owner.REPORT),
        SOURCE_IP(Owner.ROW),
        COUNT(Owner.ROW),
        DISPOSITION(Owner.ROW),
        DKIM(Owner.ROW),
        SPF(Owner.ROW),
        HEADER_FROM(Owner.ROW),
        ENVELOPE_FROM(Owner.ROW),
        ENVELOPE_TO(Owner.ROW),
        AUTH_DOMAIN(Owner.AUTH),
        AUTH_SELECTOR_OR_SCOPE(Owner.AUTH),
        AUTH_RESULT(Owner.AUTH);

        final Owner owner;

        Field(Owner owner) {
            this.owner = owner;
        }
    }

    /**
     * The elements of the report's schema by their place in it (RFC 9990 appendix A, RFC 7489 appendix C), with
     * the children each may have; an element not listed is {@link #OTHER}, and so is all that it holds.
     */
    private static final class Element {
        static final Element OTHER = new Element(null);
        static final Element FEEDBACK = new Element(null);
        static final Element RECORD;
        static final Element AUTH_DKIM;
        static final Element AUTH_SPF;

        static {
            Element metadata = FEEDBACK.add("report_metadata", null);
            metadata.add("org_name", Field.ORG);
            metadata.add("email", Field.EMAIL);
            metadata.add("report_id", Field.REPORT_ID);
            Element range = metadata.add("date_range", null);
            range.add("begin", Field.BEGIN);
            range.add("end", Field.END);
            Element policy = FEEDBACK.add("policy_published", null);
            policy.add("domain", Field.DOMAIN);
            policy.add("p", Field.P);
            policy.add("sp", Field.SP);
            policy.add("np", Field.NP);
            policy.add("adkim", Field.ADKIM);
            policy.add("aspf", Field.ASPF);
            policy.add("pct", Field.PCT);
            policy.add("testing", Field.TESTING);
            RECORD = FEEDBACK.add("record", null);
            Element row = RECORD.add("row", null);
            row.add("source_ip", Field.SOURCE_IP);
            row.add("count", Field.COUNT);
            Element evaluated = row.add("policy_evaluated", null);
            evaluated.add("disposition", Field.DISPOSITION);
            evaluated.add("dkim", Field.DKIM);
            evaluated.add("spf", Field.SPF);
            Element identifiers = RECORD.add("identifiers", null);
            identifiers.add("header_from", Field.HEADER_FROM);
            identifiers.add("envelope_from", Field.ENVELOPE_FROM);
            identifiers.add("envelope_to", Field.ENVELOPE_TO);
            Element results = RECORD.add("auth_results", null);
            AUTH_DKIM = results.add("dkim", null);
            AUTH_SPF = results.add("spf", null);
            for (Element auth : List.of(AUTH_DKIM, AUTH_SPF)) {
                auth.add("domain", Field.AUTH_DOMAIN);
                auth.add("selector", Field.AUTH_SELECTOR_OR_SCOPE);
                auth.add("scope", Field.AUTH_SELECTOR_OR_SCOPE);
                auth.add("result", Field.AUTH_RESULT);
            }
        }

        final Field field;
        private final Map<String, Element> children = new HashMap<>();

        private Element(Field field) {
            this.field = field;
        }

        private Element add(String name, Field f) {
            Element e = new Element(f);
            children.put(name, e);
            return e;
        }

        /** The child of this name, in any case (names are defined in lower case). */
        Element child(String name) {
            Element e = children.get(name);
            return e != null ? e : children.getOrDefault(name.toLowerCase(Locale.ROOT), OTHER);
        }
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

        void set(Field f, String v) {
            switch (f) {
                case ORG -> org = v;
                case EMAIL -> email = v;
                case REPORT_ID -> id = v;
                case BEGIN -> begin = v;
                case END -> end = v;
                case DOMAIN -> domain = v;
                case P -> p = v;
                case SP -> sp = v;
                case NP -> np = v;
                case ADKIM -> adkim = v;
                case ASPF -> aspf = v;
                case PCT -> pct = v;
                case TESTING -> testing = v;
                default -> throw new IllegalArgumentException(f + " is not the report's");
            }
        }

        /** The report without records if every required value is there (and valid), else null. */
        DmarcReport buildIfComplete() {
            try {
                return build();
            } catch (Unreadable e) {
                return null;
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
                    List.of());
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

        void set(Field f, String v) {
            switch (f) {
                case SOURCE_IP -> ip = v;
                case COUNT -> count = v;
                case DISPOSITION -> disposition = v;
                case DKIM -> dkim = v;
                case SPF -> spf = v;
                case HEADER_FROM -> headerFrom = v;
                case ENVELOPE_FROM -> envelopeFrom = v;
                case ENVELOPE_TO -> envelopeTo = v;
                default -> throw new IllegalArgumentException(f + " is not a record's");
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

        void set(Field f, String v) {
            switch (f) {
                case AUTH_DOMAIN -> domain = v;
                case AUTH_SELECTOR_OR_SCOPE -> selectorOrScope = v;
                case AUTH_RESULT -> result = v;
                default -> throw new IllegalArgumentException(f + " is not an authentication result's");
            }
        }

        DmarcReport.Auth build() {
            return new DmarcReport.Auth(lower(domain), orNull(selectorOrScope), lower(result));
        }
    }
}
