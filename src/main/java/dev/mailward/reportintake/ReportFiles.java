package dev.mailward.reportintake;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Opens one received file and gives every report in it, or why a part could not be read. The kind is
 * recognised from the bytes, never from the name or the declared content type: XML (DMARC), JSON (TLS-RPT),
 * gzip, zip, or a whole mail message whose attachments are opened the same way. Decompression is bounded per
 * file (bytes and ratio to the bytes received), as are zip entries, message parts and containers inside
 * containers ({@link IntakeLimits}). An unreadable part never stops the others.
 */
final class ReportFiles {

    /** What a received file held: reports, and parts that could not be read. */
    sealed interface Item permits DmarcItem, TlsItem, Refused {
        /** The file name, with {@code !entry} for a part inside a container. */
        String name();
    }

    record DmarcItem(String name, DmarcReport report) implements Item {}

    record TlsItem(String name, TlsReport report) implements Item {}

    record Refused(String name, String reason) implements Item {}

    private static final int MAX_PARTS = 100;

    /** How much of a decompressed file is looked at to tell its kind. */
    private static final int PEEK = 1024;

    private final IntakeLimits limits;
    private final DmarcXml dmarc;
    private final TlsRptJson tls;

    ReportFiles(IntakeLimits limits) {
        this.limits = limits;
        this.dmarc = new DmarcXml(limits);
        this.tls = new TlsRptJson(limits);
    }

    /**
     * What is done with each part of a received file as it is read, in the file's order. A DMARC report comes as
     * its XML, still to be read ({@link #dmarc}), so that a large one can be stored while it is read; the
     * handler reads it with {@link #dmarcXml()}. A part that cannot be read, or a DMARC report the handler finds
     * unreadable, is {@link #refused} with the reason, and the rest of the file is read on.
     */
    interface Handler {
        /**
         * A DMARC aggregate report's XML (decompressed as it is read, against the file's bounds).
         *
         * @throws Unreadable when the report cannot be read; it is then refused with that reason, and nothing of it
         *     may stay stored
         */
        void dmarc(String name, InputStream xml) throws Unreadable;

        /** An SMTP TLS report. */
        void tls(String name, TlsReport report);

        /** A part that could not be read, with the reason. */
        void refused(String name, String reason);
    }

    /** Every report in the file, in order; never throws for what the file holds. */
    List<Item> open(String name, byte[] bytes) {
        List<Item> out = new ArrayList<>();
        open(name, bytes, new Handler() {
            @Override
            public void dmarc(String part, InputStream xml) throws Unreadable {
                out.add(new DmarcItem(part, dmarc.parse(xml)));
            }

            @Override
            public void tls(String part, TlsReport report) {
                out.add(new TlsItem(part, report));
            }

            @Override
            public void refused(String part, String reason) {
                out.add(new Refused(part, reason));
            }
        });
        return out;
    }

    /** Hands every report in the file to {@code handler}, in order; never throws for what the file holds. */
    void open(String name, byte[] bytes, Handler handler) {
        Counting counting = new Counting(handler);
        Budget budget = new Budget(bytes.length);
        try {
            open(name, bytes, 0, budget, counting);
        } catch (Unreadable e) {
            counting.refused(name, e.getMessage());
        }
        if (counting.parts == 0) {
            counting.refused(name, "no report in the file");
        }
    }

    /** The reader of DMARC reports under this file reader's bounds. */
    DmarcXml dmarcXml() {
        return dmarc;
    }

    private void open(String name, byte[] bytes, int nesting, Budget budget, Counting out) throws Unreadable {
        int start = skipBomAndSpace(bytes, bytes.length);
        if (start >= bytes.length) {
            throw new Unreadable("the file is empty");
        }
        if (isGzip(bytes)) {
            nested(nesting);
            gunzip(strip(name, ".gz"), bytes, nesting, budget, out);
        } else if (isZip(bytes)) {
            nested(nesting);
            unzip(name, bytes, nesting, budget, out);
        } else if (bytes[start] == '<') {
            dmarc(name, new ByteArrayInputStream(bytes), null, out);
        } else if (bytes[start] == '{') {
            out.tls(name, tls.parse(bytes));
        } else if (looksLikeMessage(bytes, start)) {
            nested(nesting);
            message(name, bytes, nesting, budget, out);
        } else {
            throw new Unreadable("not a report: neither XML, JSON, gzip, zip nor a mail message");
        }
    }

    /**
     * A gzip file: XML inside is handed on as it is decompressed (a 5 MB report holds over 100 MB of XML, never
     * held whole); anything else is decompressed whole and opened again.
     */
    private void gunzip(String name, byte[] bytes, int nesting, Budget budget, Counting out) throws Unreadable {
        Budget.Stream in;
        byte[] head = new byte[PEEK];
        int peeked;
        try {
            in = budget.stream(new GZIPInputStream(new ByteArrayInputStream(bytes), 64 * 1024));
            in.mark(PEEK);
            peeked = in.readNBytes(head, 0, PEEK);
            in.reset();
        } catch (IOException e) {
            throw new Unreadable("truncated or damaged gzip data (" + e.getMessage() + ")");
        }
        int start = skipBomAndSpace(head, peeked);
        if (start < peeked && head[start] == '<') {
            dmarc(name, in, in, out);
            return;
        }
        byte[] inner;
        try {
            inner = in.readAllBytes();
        } catch (IOException e) {
            throw in.failure(e);
        }
        open(name, inner, nesting + 1, budget, out);
    }

    /**
     * Hands the XML on; when the handler finds it unreadable because the decompression under it failed (damaged
     * gzip, the size or ratio cap), that failure is the reason given, not the XML error it caused.
     */
    private static void dmarc(String name, InputStream xml, Budget.Stream under, Handler out) throws Unreadable {
        try {
            out.dmarc(name, xml);
        } catch (Unreadable e) {
            Unreadable cause = under == null ? null : under.failure();
            throw cause != null ? cause : e;
        }
    }

    /** Counts the parts handed on, so that a file in which nothing was found is refused as such. */
    private static final class Counting implements Handler {
        private final Handler handler;
        int parts;

        Counting(Handler handler) {
            this.handler = handler;
        }

        @Override
        public void dmarc(String name, InputStream xml) throws Unreadable {
            parts++;
            handler.dmarc(name, xml);
        }

        @Override
        public void tls(String name, TlsReport report) {
            parts++;
            handler.tls(name, report);
        }

        @Override
        public void refused(String name, String reason) {
            parts++;
            handler.refused(name, reason);
        }
    }

    private void nested(int nesting) throws Unreadable {
        if (nesting >= limits.maxNesting()) {
            throw new Unreadable("containers nested deeper than " + limits.maxNesting());
        }
    }

    private void unzip(String name, byte[] bytes, int nesting, Budget budget, Counting out) throws Unreadable {
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                String inner = name + "!" + entry.getName();
                if (++entries > limits.maxEntries()) {
                    out.refused(
                            name, "more than " + limits.maxEntries() + " files in the archive; the rest were not read");
                    return;
                }
                byte[] content = budget.read(zip);
                try {
                    open(inner, content, nesting + 1, budget, out);
                } catch (Unreadable e) {
                    out.refused(inner, e.getMessage());
                }
            }
            if (entries == 0) {
                throw new Unreadable("damaged or empty zip archive: no file in it could be read");
            }
        } catch (ZipException e) {
            throw new Unreadable("damaged zip archive (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new Unreadable("truncated or damaged zip archive (" + e.getMessage() + ")");
        }
    }

    private void message(String name, byte[] bytes, int nesting, Budget budget, Counting out) throws Unreadable {
        try {
            MimeMessage msg = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
            int before = out.parts;
            part(name, msg, nesting, budget, out, new int[] {0}, 0);
            if (out.parts == before) {
                throw new Unreadable("the message has no report attached");
            }
        } catch (MessagingException | IOException e) {
            throw new Unreadable("unreadable mail message (" + e.getMessage() + ")");
        }
    }

    private void part(String name, Part part, int nesting, Budget budget, Counting out, int[] parts, int depth)
            throws MessagingException, IOException, Unreadable {
        if (++parts[0] > MAX_PARTS || depth > limits.maxDepth()) {
            throw new Unreadable("the message has more than " + MAX_PARTS + " parts or nests them too deep");
        }
        if (part.isMimeType("multipart/*")) {
            Object content = part.getContent();
            if (content instanceof Multipart mp) {
                for (int i = 0; i < mp.getCount(); i++) {
                    BodyPart body = mp.getBodyPart(i);
                    part(name, body, nesting, budget, out, parts, depth + 1);
                }
            }
            return;
        }
        if (part.isMimeType("text/plain") && part.getFileName() == null
                || part.isMimeType("text/html")
                || part.isMimeType("message/delivery-status")) {
            return;
        }
        String file = part.getFileName() == null ? "part" + parts[0] : part.getFileName();
        String inner = name + "!" + file;
        byte[] content;
        try (InputStream in = part.getInputStream()) {
            content = budget.read(in);
        }
        try {
            open(inner, content, nesting + 1, budget, out);
        } catch (Unreadable e) {
            out.refused(inner, e.getMessage());
        }
    }

    /** Decompressed bytes of one received file, all containers together, against the size and ratio caps. */
    private final class Budget {
        private final long received;
        private long total;

        Budget(long received) {
            this.received = Math.max(1, received);
        }

        byte[] read(InputStream in) throws IOException, Unreadable {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                Unreadable over = count(n);
                if (over != null) {
                    throw over;
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }

        /** {@code in} read through the budget, buffered (with mark and reset). */
        Stream stream(InputStream in) {
            return new Stream(new Meter(in));
        }

        /** Counts {@code n} more bytes; why that is too many, or null. */
        private Unreadable count(int n) {
            total += n;
            if (total > limits.maxBytes()) {
                return new Unreadable("decompresses to more than " + limits.maxBytes() / (1024 * 1024) + " MiB");
            }
            if (total > IntakeLimits.RATIO_FLOOR && total > received * limits.maxRatio()) {
                return new Unreadable(
                        "decompresses to more than " + limits.maxRatio() + " times its size (a compression bomb)");
            }
            return null;
        }

        /**
         * Decompressed bytes as they are read, against the budget: past a cap, or when the compressed data is
         * damaged, every read fails, and {@link #failure} says why in the words {@link #read} would have used.
         */
        final class Meter extends FilterInputStream {
            private Unreadable failure;

            Meter(InputStream in) {
                super(in);
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n;
                do {
                    n = read(one, 0, 1);
                } while (n == 0);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (failure != null) {
                    throw new IOException(failure.getMessage());
                }
                int n;
                try {
                    n = super.read(b, off, len);
                } catch (IOException e) {
                    failure = new Unreadable("truncated or damaged gzip data (" + e.getMessage() + ")");
                    throw e;
                }
                if (n > 0) {
                    failure = count(n);
                    if (failure != null) {
                        throw new IOException(failure.getMessage());
                    }
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                if (n <= 0) {
                    return 0;
                }
                int len = (int) Math.min(n, 8192);
                return Math.max(0, read(new byte[len], 0, len));
            }
        }

        /** A metered stream, buffered. */
        final class Stream extends BufferedInputStream {
            private final Meter meter;

            Stream(Meter meter) {
                super(meter, 64 * 1024);
                this.meter = meter;
            }

            /** Why the decompression failed, or null. */
            Unreadable failure() {
                return meter.failure;
            }

            /** Why the decompression failed, else the reason {@code e} gives. */
            Unreadable failure(IOException e) {
                return meter.failure != null
                        ? meter.failure
                        : new Unreadable("truncated or damaged gzip data (" + e.getMessage() + ")");
            }
        }
    }

    private static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
    }

    private static boolean isZip(byte[] b) {
        return b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
    }

    /** Where the content of {@code b[0..length)} starts after a UTF-8 byte order mark and white space. */
    private static int skipBomAndSpace(byte[] b, int length) {
        int i = 0;
        if (length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
            i = 3;
        }
        while (i < length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i;
    }

    /** A header field name (RFC 5322 §2.2: printable ASCII but the colon) and a colon on the first line. */
    private static boolean looksLikeMessage(byte[] b, int start) {
        int i = start;
        while (i < b.length && i - start < 80 && b[i] > 32 && b[i] < 127 && b[i] != ':') {
            i++;
        }
        return i > start && i < b.length && b[i] == ':';
    }

    private static String strip(String name, String suffix) {
        return name.toLowerCase(Locale.ROOT).endsWith(suffix)
                ? name.substring(0, name.length() - suffix.length())
                : name;
    }
}
