package dev.mailward.reportintake;

import dev.mailward.probe.TrustStores;
import dev.mailward.reportintake.IngestResult.Outcome;
import dev.mailward.reportintake.ReportIntakeProperties.Imap;
import dev.mailward.reportintake.ReportIntakeProperties.Security;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import javax.sql.DataSource;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of the IMAP mailbox that {@code rua=mailto:} points to: under a PostgreSQL advisory lock (so that of
 * several console replicas one polls at a time; the others skip this round), connects with implicit TLS or
 * STARTTLS (never a login in plain text: a server that does not offer STARTTLS is refused), reads at most
 * {@code max-messages} messages of the folder, hands each to the intake as one whole message (like an
 * {@code .eml} upload) and moves it: to the processed folder, or to the failed folder when nothing in it could be
 * read or it is larger than {@code max-message-size} (kept aside with the reason, not read). Messages are never
 * deleted. The lock is transaction-scoped on a connection of its own, so it ends with the poll whatever happens.
 */
final class Mailbox {

    /** What one poll did. {@code locked}: false when another poller held the lock and this one did nothing. */
    record Poll(boolean locked, int read, int processed, int failed) {}

    /** The mailbox could not be polled (connection, TLS, login, folder); the message says why, for the log. */
    static final class Unavailable extends Exception {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Mailbox.class);
    private static final int MAX_NAME = 150;

    private final Imap settings;
    private final ReportIntake intake;
    private final DataSource dataSource;
    private final SSLContext tls;

    Mailbox(Imap settings, ReportIntake intake, DataSource dataSource) {
        this.settings = settings;
        this.intake = intake;
        this.dataSource = dataSource;
        try {
            this.tls = SSLContext.getInstance("TLS");
            tls.init(
                    null,
                    new TrustManager[] {
                        new ChainThenName(TrustStores.trustManager(Optional.ofNullable(settings.caBundle())))
                    },
                    null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS context: " + e.getMessage(), e);
        }
    }

    /** The advisory lock's key: one per mailbox (server, login, folder), so that different mailboxes never wait. */
    static long lockKey(Imap settings) {
        String id = "mailward.reportintake.imap:" + settings.user() + "@" + settings.host() + ":"
                + settings.effectivePort() + "/" + settings.folder();
        byte[] d = sha256(id.getBytes(StandardCharsets.UTF_8));
        long key = 0;
        for (int i = 0; i < 8; i++) {
            key = (key << 8) | (d[i] & 0xff);
        }
        return key;
    }

    /** Polls once; returns what was done, or throws why the mailbox could not be read. */
    Poll poll() throws Unavailable {
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try {
                if (!tryLock(lock)) {
                    log.debug("IMAP mailbox {} is being polled by another replica; skipped", settings);
                    return new Poll(false, 0, 0, 0);
                }
                return pollLocked();
            } finally {
                lock.rollback();
            }
        } catch (SQLException e) {
            throw new Unavailable("cannot take the mailbox lock in the database: " + e.getMessage(), e);
        }
    }

    private boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            s.setLong(1, lockKey(settings));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private Poll pollLocked() throws Unavailable {
        String where = settings.host() + ":" + settings.effectivePort();
        Store store = connect(where);
        try {
            Folder inbox = store.getFolder(settings.folder());
            if (!inbox.exists()) {
                throw new Unavailable("the folder " + settings.folder() + " does not exist at " + where, null);
            }
            Folder processed = ensure(store, settings.processedFolder());
            Folder failed = ensure(store, settings.failedFolder());
            inbox.open(Folder.READ_WRITE);
            boolean expunge = false;
            int read = 0;
            int done = 0;
            int refused = 0;
            try {
                int n = Math.min(inbox.getMessageCount(), settings.maxMessages());
                if (n == 0) {
                    return new Poll(true, 0, 0, 0);
                }
                Message[] messages = inbox.getMessages(1, n);
                FetchProfile profile = new FetchProfile();
                profile.add(FetchProfile.Item.ENVELOPE);
                profile.add(FetchProfile.Item.SIZE);
                profile.add(UIDFolder.FetchProfileItem.UID);
                inbox.fetch(messages, profile);
                for (Message m : messages) {
                    boolean ok = read(inbox, m);
                    read++;
                    if (ok) {
                        done++;
                    } else {
                        refused++;
                    }
                    expunge |= move(store, inbox, m, ok ? processed : failed);
                }
            } finally {
                inbox.close(expunge);
            }
            if (read > 0) {
                log.info(
                        "IMAP mailbox {}: {} message(s) read, {} moved to {}, {} to {}",
                        settings,
                        read,
                        done,
                        settings.processedFolder(),
                        refused,
                        settings.failedFolder());
            }
            return new Poll(true, read, done, refused);
        } catch (MessagingException e) {
            throw new Unavailable("the IMAP mailbox at " + where + " failed: " + e.getMessage(), e);
        } finally {
            try {
                store.close();
            } catch (MessagingException e) {
                log.debug("closing the IMAP connection to {}: {}", where, e.toString());
            }
        }
    }

    /** Reads one message into the intake; whether it held at least one readable report. */
    private boolean read(Folder inbox, Message m) throws MessagingException {
        String name = name(inbox, m);
        String actor = "imap " + settings.user();
        actor = actor.length() > 64 ? actor.substring(0, 64) : actor;
        long max = settings.maxMessageSize().toBytes();
        int size = m.getSize();
        if (size > max) {
            String reason = "message larger than " + max / (1024 * 1024) + " MiB (" + size + " bytes); not read";
            intake.refuseFromMailbox(name, reason, size, sha256hex(headers(m)), actor);
            return false;
        }
        byte[] bytes;
        try {
            Bounded out = new Bounded(max);
            m.writeTo(out);
            bytes = out.toByteArray();
        } catch (IOException | MessagingException e) {
            String reason = "the message could not be read from the server (" + e.getMessage() + ")";
            intake.refuseFromMailbox(name, reason, Math.max(size, 0), sha256hex(headers(m)), actor);
            return false;
        }
        IngestResult result = intake.receiveFromMailbox(new ReceivedFile(name, bytes), actor, max);
        return result.files().stream().flatMap(f -> f.items().stream()).anyMatch(i -> i.outcome() != Outcome.REFUSED);
    }

    /** Moves the message; true when it was only copied and flagged deleted (the folder must then be expunged). */
    private boolean move(Store store, Folder inbox, Message m, Folder to) throws MessagingException {
        if (inbox instanceof IMAPFolder imap && store instanceof IMAPStore s && s.hasCapability("MOVE")) {
            imap.moveMessages(new Message[] {m}, to);
            return false;
        }
        inbox.copyMessages(new Message[] {m}, to);
        m.setFlag(Flags.Flag.DELETED, true);
        return true;
    }

    private Store connect(String where) throws Unavailable {
        boolean implicit = settings.security() == Security.IMPLICIT_TLS;
        String protocol = implicit ? "imaps" : "imap";
        String p = "mail." + protocol;
        Properties props = new Properties();
        props.put(p + ".host", settings.host());
        props.put(p + ".port", String.valueOf(settings.effectivePort()));
        props.put(
                p + ".connectiontimeout",
                String.valueOf(settings.connectTimeout().toMillis()));
        props.put(p + ".timeout", String.valueOf(settings.timeout().toMillis()));
        props.put(p + ".writetimeout", String.valueOf(settings.timeout().toMillis()));
        props.put(p + ".ssl.socketFactory", tls.getSocketFactory());
        // no second try with the JDK's default factory when this one fails: it would trust the system's CAs instead
        // of the configured bundle, and its failure would hide the first one's reason (e.g. a wrong host name)
        props.put(p + ".socketFactory.fallback", "false");
        props.put(p + ".ssl.checkserveridentity", "true");
        props.put(p + ".ssl.protocols", "TLSv1.3 TLSv1.2");
        if (!implicit) {
            // STARTTLS before anything else; a server that does not offer it is refused, never logged in to
            props.put(p + ".starttls.enable", "true");
            props.put(p + ".starttls.required", "true");
        }
        props.put(p + ".peek", "true");
        Session session = Session.getInstance(props);
        try {
            Store store = session.getStore(protocol);
            store.connect(settings.host(), settings.effectivePort(), settings.user(), settings.password());
            return store;
        } catch (MessagingException e) {
            String cause = rootMessage(e);
            String what = implicit
                    ? "cannot open a TLS connection (implicit TLS) and log in to the IMAP mailbox at " + where
                    : "cannot log in to the IMAP mailbox at " + where + " over STARTTLS";
            String certificate = certificateProblem(e);
            if (certificate != null) {
                what = "the IMAP server at " + where + " presents a certificate that " + certificate
                        + "; the connection was closed and Mailward has not logged in";
            } else if (!implicit && cause.contains("STARTTLS")) {
                what = "the IMAP server at " + where
                        + " does not offer STARTTLS; Mailward never logs in without TLS (use a server with"
                        + " STARTTLS or security=IMPLICIT_TLS)";
            }
            throw new Unavailable(what + ": " + cause, e);
        }
    }

    /**
     * What is wrong with the server's certificate, when that is why the connection failed: not issued by a trusted
     * CA (the handshake's path validation failed), or not for the configured host name (the handshake's endpoint
     * identification, told apart by {@link ChainThenName}; before any login); null for any other failure.
     */
    private String certificateProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof WrongHost) {
                return "is not valid for " + settings.host();
            }
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return settings.caBundle() == null
                        ? "the system's trusted CAs do not trust"
                        : "the configured CA bundle does not trust (" + settings.caBundle() + ")";
            }
        }
        return null;
    }

    /** The folder, created when absent; {@code /} in the name stands for the server's level separator. */
    private static Folder ensure(Store store, String name) throws MessagingException {
        char separator = store.getDefaultFolder().getSeparator();
        Folder f = store.getFolder(name.replace('/', separator));
        if (!f.exists() && !f.create(Folder.HOLDS_MESSAGES)) {
            throw new MessagingException("the folder " + name + " cannot be created");
        }
        return f;
    }

    private static String name(Folder inbox, Message m) {
        String subject;
        try {
            subject = m.getSubject();
        } catch (MessagingException e) {
            subject = null;
        }
        String uid;
        try {
            uid = inbox instanceof UIDFolder u ? String.valueOf(u.getUID(m)) : String.valueOf(m.getMessageNumber());
        } catch (MessagingException e) {
            uid = String.valueOf(m.getMessageNumber());
        }
        String name = "imap " + uid + (subject == null || subject.isBlank() ? "" : ": " + subject.strip());
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    private static byte[] headers(Message m) {
        StringBuilder sb = new StringBuilder();
        try {
            Enumeration<Header> all = m.getAllHeaders();
            while (all.hasMoreElements()) {
                Header h = all.nextElement();
                sb.append(h.getName()).append(": ").append(h.getValue()).append("\r\n");
            }
        } catch (MessagingException e) {
            sb.append(m.getMessageNumber());
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        String message = e.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? t.getClass().getSimpleName() : message;
    }

    static String sha256hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate that chains to a trusted CA but is not for the host connected to. */
    static final class WrongHost extends CertificateException {
        WrongHost(CertificateException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * The trust manager of the configured CAs, checking the chain on its own first and then, with the connection,
     * the host name (the endpoint identification Jakarta Mail sets on the socket), so that a certificate failing only
     * the latter fails as {@link WrongHost}: the log then says which check refused it, whatever the JDK's wording.
     */
    private static final class ChainThenName extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager trust;

        ChainThenName(X509TrustManager trust) {
            if (!(trust instanceof X509ExtendedTrustManager extended)) {
                throw new IllegalStateException("the JDK's trust manager cannot check host names: " + trust);
            }
            this.trust = extended;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            trust.checkServerTrusted(chain, authType);
            try {
                trust.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw nameOnly(e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            trust.checkServerTrusted(chain, authType);
            try {
                trust.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw nameOnly(e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trust.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            trust.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            trust.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trust.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return trust.getAcceptedIssuers();
        }

        /** The chain passed on its own: a failure with the connection is the name's, unless a path check failed. */
        private static CertificateException nameOnly(CertificateException e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                    return e;
                }
            }
            return new WrongHost(e);
        }
    }

    /** Collects at most {@code max} bytes; one more fails the write. */
    private static final class Bounded extends OutputStream {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final long max;

        Bounded(long max) {
            this.max = max;
        }

        @Override
        public void write(int b) throws IOException {
            check(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check(len);
            out.write(b, off, len);
        }

        private void check(int n) throws IOException {
            if (out.size() + (long) n > max) {
                throw new IOException("the message is larger than " + max + " bytes");
            }
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
