package dev.mailward.reportintake;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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

    private final IntakeLimits limits;
    private final DmarcXml dmarc;
    private final TlsRptJson tls;

    ReportFiles(IntakeLimits limits) {
        this.limits = limits;
        this.dmarc = new DmarcXml(limits);
        this.tls = new TlsRptJson(limits);
    }

    /** Every report in the file, in order; never throws for what the file holds. */
    List<Item> open(String name, byte[] bytes) {
        List<Item> out = new ArrayList<>();
        Budget budget = new Budget(bytes.length);
        try {
            open(name, bytes, 0, budget, out);
        } catch (Unreadable e) {
            out.add(new Refused(name, e.getMessage()));
        }
        if (out.isEmpty()) {
            out.add(new Refused(name, "no report in the file"));
        }
        return out;
    }

    private void open(String name, byte[] bytes, int nesting, Budget budget, List<Item> out) throws Unreadable {
        int start = skipBomAndSpace(bytes);
        if (start >= bytes.length) {
            throw new Unreadable("the file is empty");
        }
        if (isGzip(bytes)) {
            nested(nesting);
            byte[] inner;
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                inner = budget.read(in);
            } catch (IOException e) {
                throw new Unreadable("truncated or damaged gzip data (" + e.getMessage() + ")");
            }
            open(strip(name, ".gz"), inner, nesting + 1, budget, out);
        } else if (isZip(bytes)) {
            nested(nesting);
            unzip(name, bytes, nesting, budget, out);
        } else if (bytes[start] == '<') {
            out.add(new DmarcItem(name, dmarc.parse(bytes)));
        } else if (bytes[start] == '{') {
            out.add(new TlsItem(name, tls.parse(bytes)));
        } else if (looksLikeMessage(bytes, start)) {
            nested(nesting);
            message(name, bytes, nesting, budget, out);
        } else {
            throw new Unreadable("not a report: neither XML, JSON, gzip, zip nor a mail message");
        }
    }

    private void nested(int nesting) throws Unreadable {
        if (nesting >= limits.maxNesting()) {
            throw new Unreadable("containers nested deeper than " + limits.maxNesting());
        }
    }

    private void unzip(String name, byte[] bytes, int nesting, Budget budget, List<Item> out) throws Unreadable {
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                String inner = name + "!" + entry.getName();
                if (++entries > limits.maxEntries()) {
                    out.add(new Refused(
                            name,
                            "more than " + limits.maxEntries() + " files in the archive; the rest were not read"));
                    return;
                }
                byte[] content = budget.read(zip);
                try {
                    open(inner, content, nesting + 1, budget, out);
                } catch (Unreadable e) {
                    out.add(new Refused(inner, e.getMessage()));
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

    private void message(String name, byte[] bytes, int nesting, Budget budget, List<Item> out) throws Unreadable {
        try {
            MimeMessage msg = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
            int before = out.size();
            part(name, msg, nesting, budget, out, new int[] {0}, 0);
            if (out.size() == before) {
                throw new Unreadable("the message has no report attached");
            }
        } catch (MessagingException | IOException e) {
            throw new Unreadable("unreadable mail message (" + e.getMessage() + ")");
        }
    }

    private void part(String name, Part part, int nesting, Budget budget, List<Item> out, int[] parts, int depth)
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
            out.add(new Refused(inner, e.getMessage()));
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
                total += n;
                if (total > limits.maxBytes()) {
                    throw new Unreadable("decompresses to more than " + limits.maxBytes() / (1024 * 1024) + " MiB");
                }
                if (total > IntakeLimits.RATIO_FLOOR && total > received * limits.maxRatio()) {
                    throw new Unreadable(
                            "decompresses to more than " + limits.maxRatio() + " times its size (a compression bomb)");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
    }

    private static boolean isZip(byte[] b) {
        return b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
    }

    private static int skipBomAndSpace(byte[] b) {
        int i = 0;
        if (b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
            i = 3;
        }
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
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
