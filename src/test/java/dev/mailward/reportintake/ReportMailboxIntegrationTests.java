package dev.mailward.reportintake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.TeamRef;
import dev.mailward.probe.TrustStores;
import dev.mailward.reportintake.ReportIntakeProperties.Imap;
import dev.mailward.reportintake.ReportIntakeProperties.Security;
import dev.mailward.testnet.TestPki;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

/**
 * The IMAP channel against real IMAP servers on loopback ({@link ReportMailServers}): reports delivered as mail
 * are stored and their messages moved to the processed folder (created), never deleted; an unreadable attachment
 * or an oversized message leaves a row kept aside and its message moves to the failed folder; a server that offers
 * no TLS is refused before any login; and of two pollers at once only the one holding the advisory lock reads.
 */
@MailwardIntegrationTest
class ReportMailboxIntegrationTests {

    private static final String USER = "reports@mailbox.test";
    private static final String PASSWORD = "imap-secret-pw";

    @Autowired
    ReportIntake intake;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AccountsTestSupport accounts;

    private final List<GreenMail> servers = new ArrayList<>();
    private String domain;

    @BeforeEach
    void setUp() {
        TeamRef team = accounts.team("mailbox-team");
        domain = ReportSamples.domainName("mailbox");
        jdbc.update("""
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'test', now(), 'MX_FOUND')
                """, domain, domain, team.id());
    }

    @AfterEach
    void stopServers() {
        servers.forEach(GreenMail::stop);
    }

    @Test
    void importsReportsDeliveredOverImplicitTlsAndMovesTheirMessages() throws Exception {
        GreenMail server = start(ReportMailServers.imaps());
        GreenMailUser user = server.setUser(USER, USER, PASSWORD);
        byte[] dmarc = ReportFilesTests.gzip(ReportSamples.about("google-like.xml", domain));
        byte[] tls = ReportFilesTests.gzip(ReportSamples.about("tlsrpt.json", domain));
        user.deliver(report("DMARC report for " + domain, "google.xml.gz", "application/gzip", dmarc));
        user.deliver(report("TLS report for " + domain, "tls.json.gz", "application/tlsrpt+gzip", tls));

        Mailbox.Poll poll =
                new Mailbox(settings(Security.IMPLICIT_TLS, ReportMailServers.port(server)), intake, dataSource).poll();

        assertThat(poll).isEqualTo(new Mailbox.Poll(true, 2, 2, 0));
        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_dmarc_report where domain_name = ? and source = 'IMAP'",
                        Long.class,
                        domain))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_tls_policy p join reportintake_tls_report r on r.id ="
                                + " p.report_id where p.domain_name = ? and r.source = 'IMAP' and p.domain_id is not"
                                + " null",
                        Long.class,
                        domain))
                .isEqualTo(1);
        assertThat(subjects(server, "INBOX")).isEmpty();
        assertThat(subjects(server, "Mailward.Processed"))
                .containsExactlyInAnyOrder("DMARC report for " + domain, "TLS report for " + domain);

        // the next poll finds nothing: the messages moved, the reports are not read again
        assertThat(new Mailbox(settings(Security.IMPLICIT_TLS, ReportMailServers.port(server)), intake, dataSource)
                        .poll())
                .isEqualTo(new Mailbox.Poll(true, 0, 0, 0));
    }

    @Test
    void importsOverStartTlsAndKeepsAsideAnUnreadableAttachmentWhoseMessageStillMoves() throws Exception {
        GreenMail backend = start(ReportMailServers.imap());
        GreenMailUser user = backend.setUser(USER, USER, PASSWORD);
        byte[] dmarc = ReportSamples.about("microsoft-like.xml", domain);
        user.deliver(report("Report domain " + domain, "ms.xml", "text/xml", dmarc));
        byte[] truncated = ReportFilesTests.gzip(ReportSamples.about("yahoo-like.xml", domain));
        truncated = java.util.Arrays.copyOf(truncated, truncated.length / 2);
        user.deliver(report("Broken report " + domain, "broken.xml.gz", "application/gzip", truncated));

        try (ReportMailServers.StartTlsFront front =
                new ReportMailServers.StartTlsFront(ReportMailServers.port(backend))) {
            Mailbox.Poll poll = new Mailbox(settings(Security.STARTTLS, front.port()), intake, dataSource).poll();
            assertThat(poll).isEqualTo(new Mailbox.Poll(true, 2, 1, 1));
        }

        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_dmarc_report where domain_name = ? and source = 'IMAP'",
                        Long.class,
                        domain))
                .isEqualTo(1);
        assertThat(jdbc.queryForList(
                        "select reason from reportintake_rejected where source = 'IMAP' and file_name like ?",
                        String.class,
                        "%Broken report " + domain + "%"))
                .singleElement()
                .asString()
                .contains("gzip");
        assertThat(subjects(backend, "INBOX")).isEmpty();
        assertThat(subjects(backend, "Mailward.Processed")).containsExactly("Report domain " + domain);
        assertThat(subjects(backend, "Mailward.Failed")).containsExactly("Broken report " + domain);
    }

    @Test
    void anOversizedMessageIsNotReadButKeptAsideAndMoved() throws Exception {
        GreenMail server = start(ReportMailServers.imaps());
        GreenMailUser user = server.setUser(USER, USER, PASSWORD);
        byte[] big = ReportSamples.about("google-like.xml", domain);
        user.deliver(report("Huge report " + domain, "huge.xml", "text/xml", big));
        Imap small = with(settings(Security.IMPLICIT_TLS, ReportMailServers.port(server)), DataSize.ofBytes(1024));

        assertThat(new Mailbox(small, intake, dataSource).poll()).isEqualTo(new Mailbox.Poll(true, 1, 0, 1));

        assertThat(jdbc.queryForList(
                        "select reason from reportintake_rejected where source = 'IMAP' and file_name like ?",
                        String.class,
                        "%Huge report " + domain + "%"))
                .singleElement()
                .asString()
                .contains("larger than");
        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_dmarc_report where domain_name = ?", Long.class, domain))
                .isZero();
        assertThat(subjects(server, "Mailward.Failed")).containsExactly("Huge report " + domain);
    }

    @Test
    void aServerWithoutStartTlsIsRefusedBeforeAnyLogin() throws Exception {
        GreenMail plain = start(ReportMailServers.imap());
        GreenMailUser user = plain.setUser(USER, USER, PASSWORD);
        user.deliver(report("Report " + domain, "g.xml", "text/xml", ReportSamples.about("google-like.xml", domain)));
        Mailbox mailbox = new Mailbox(settings(Security.STARTTLS, ReportMailServers.port(plain)), intake, dataSource);

        assertThatThrownBy(mailbox::poll)
                .isInstanceOf(Mailbox.Unavailable.class)
                .hasMessageContaining("does not offer STARTTLS")
                .hasMessageContaining("never logs in without TLS");
        // implicit TLS against the plain port fails in the handshake, before any login too
        assertThatThrownBy(new Mailbox(
                        settings(Security.IMPLICIT_TLS, ReportMailServers.port(plain)), intake, dataSource)::poll)
                .isInstanceOf(Mailbox.Unavailable.class)
                .hasMessageContaining("cannot open a TLS connection");
        assertThat(subjects(plain, "INBOX")).containsExactly("Report " + domain);
        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_dmarc_report where domain_name = ?", Long.class, domain))
                .isZero();
    }

    @Test
    void aServerWhoseCertificateIsNotFromTheConfiguredCaIsRefusedBeforeAnyLogin() throws Exception {
        GreenMail backend = start(ReportMailServers.imap());
        GreenMailUser user = backend.setUser(USER, USER, PASSWORD);
        user.deliver(report("Report " + domain, "g.xml", "text/xml", ReportSamples.about("google-like.xml", domain)));
        TestPki.Identity rogue = new TestPki("Not the configured CA").issue("localhost");

        for (Security security : Security.values()) {
            boolean implicit = security == Security.IMPLICIT_TLS;
            for (TestPki.Identity identity : List.of(rogue)) {
                try (ReportMailServers.StartTlsFront front =
                        new ReportMailServers.StartTlsFront(ReportMailServers.port(backend), identity, implicit)) {
                    Mailbox mailbox = new Mailbox(settings(security, front.port()), intake, dataSource);
                    String expected = "presents a certificate that the configured CA bundle does not trust";
                    assertThatThrownBy(mailbox::poll)
                            .as("%s, %s", security, identity.leaf().getSubjectX500Principal())
                            .isInstanceOf(Mailbox.Unavailable.class)
                            .hasMessageContaining("localhost:" + front.port())
                            .hasMessageContaining(expected)
                            .hasMessageContaining("not logged in");
                    assertThat(front.sentAfterTls())
                            .as("sent inside TLS, %s", security)
                            .doesNotContainIgnoringCase("LOGIN")
                            .doesNotContainIgnoringCase("AUTHENTICATE")
                            .doesNotContain(PASSWORD);
                }
            }
        }
        assertThat(subjects(backend, "INBOX")).containsExactly("Report " + domain);
        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_dmarc_report where domain_name = ?", Long.class, domain))
                .isZero();
    }

    @Test
    void aServerWhoseTrustedCertificateNamesAnotherHostIsRefusedBeforeAnyLogin() throws Exception {
        GreenMail backend = start(ReportMailServers.imap());
        GreenMailUser user = backend.setUser(USER, USER, PASSWORD);
        user.deliver(report("Report " + domain, "g.xml", "text/xml", ReportSamples.about("google-like.xml", domain)));
        // issued by the very CA of the configured bundle, for another name than the one the poller connects to
        TestPki.Identity otherHost = ReportMailServers.PKI.issue("other.example");
        X509Certificate[] chain = {otherHost.leaf(), otherHost.ca()};
        TrustStores.trustManager(Optional.of(ReportMailServers.CA_BUNDLE)).checkServerTrusted(chain, "ECDHE_ECDSA");

        for (Security security : Security.values()) {
            boolean implicit = security == Security.IMPLICIT_TLS;
            try (ReportMailServers.StartTlsFront front =
                    new ReportMailServers.StartTlsFront(ReportMailServers.port(backend), otherHost, implicit)) {
                Mailbox mailbox = new Mailbox(settings(security, front.port()), intake, dataSource);
                assertThatThrownBy(mailbox::poll)
                        .as("%s", security)
                        .isInstanceOf(Mailbox.Unavailable.class)
                        .hasMessageContaining("presents a certificate that is not valid for localhost")
                        .hasMessageContaining("not logged in")
                        .hasMessageNotContaining("does not trust");
                assertThat(front.sentAfterTls())
                        .as("sent inside TLS, %s", security)
                        .doesNotContainIgnoringCase("LOGIN")
                        .doesNotContainIgnoringCase("AUTHENTICATE")
                        .doesNotContain(PASSWORD);
            }
        }
        assertThat(subjects(backend, "INBOX")).containsExactly("Report " + domain);
        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_dmarc_report where domain_name = ?", Long.class, domain))
                .isZero();

        // the control: the same CA and the same fronts with the right name log in and read the message
        for (Security security : Security.values()) {
            boolean implicit = security == Security.IMPLICIT_TLS;
            try (ReportMailServers.StartTlsFront front = new ReportMailServers.StartTlsFront(
                    ReportMailServers.port(backend), ReportMailServers.LOCALHOST, implicit)) {
                Mailbox.Poll poll = new Mailbox(settings(security, front.port()), intake, dataSource).poll();
                assertThat(poll.locked()).as("%s", security).isTrue();
                assertThat(front.sentAfterTls())
                        .as("sent inside TLS, %s", security)
                        .containsIgnoringCase("LOGIN");
            }
        }
        assertThat(subjects(backend, "Mailward.Processed")).containsExactly("Report " + domain);
    }

    @Test
    void aPollerFindingTheLockTakenReadsNothing() throws Exception {
        GreenMail server = start(ReportMailServers.imaps());
        GreenMailUser user = server.setUser(USER, USER, PASSWORD);
        user.deliver(report("Report " + domain, "g.xml", "text/xml", ReportSamples.about("google-like.xml", domain)));
        Imap settings = settings(Security.IMPLICIT_TLS, ReportMailServers.port(server));

        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement s = other.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
                s.setLong(1, Mailbox.lockKey(settings));
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next() && rs.getBoolean(1)).isTrue();
                }
            }
            assertThat(new Mailbox(settings, intake, dataSource).poll()).isEqualTo(new Mailbox.Poll(false, 0, 0, 0));
            assertThat(subjects(server, "INBOX")).containsExactly("Report " + domain);
            other.rollback();
        }
        assertThat(new Mailbox(settings, intake, dataSource).poll()).isEqualTo(new Mailbox.Poll(true, 1, 1, 0));
    }

    @Test
    void twoPollersAtOnceReadEachMessageOnce() throws Exception {
        GreenMail server = start(ReportMailServers.imaps());
        GreenMailUser user = server.setUser(USER, USER, PASSWORD);
        int messages = 12;
        for (int i = 0; i < messages; i++) {
            user.deliver(report(
                    "Report " + i + " " + domain, "g.xml", "text/xml", ReportSamples.about("google-like.xml", domain)));
        }
        Imap settings = settings(Security.IMPLICIT_TLS, ReportMailServers.port(server));
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<Mailbox.Poll>> polls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Mailbox mailbox = new Mailbox(settings, intake, dataSource);
                polls.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                start.await();
                                return mailbox.poll();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        pool));
            }
            List<Mailbox.Poll> done =
                    polls.stream().map(CompletableFuture::join).toList();
            // every message was read by exactly one poll: the one holding the lock (a poll that got it after the
            // other had finished finds the folder empty; one that did not get it reads nothing)
            assertThat(done.stream().mapToInt(Mailbox.Poll::read).sum()).isEqualTo(messages);
            assertThat(done.stream().filter(p -> p.read() > 0)).singleElement().matches(Mailbox.Poll::locked);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_dmarc_report where domain_name = ?", Long.class, domain))
                .isEqualTo(messages);
        assertThat(subjects(server, "Mailward.Processed")).hasSize(messages);
    }

    private GreenMail start(GreenMail g) {
        servers.add(g);
        return g;
    }

    private static Imap settings(Security security, int port) {
        return new Imap(
                true,
                "localhost",
                port,
                security,
                USER,
                PASSWORD,
                "INBOX",
                "Mailward/Processed",
                "Mailward/Failed",
                Duration.ofMinutes(5),
                50,
                DataSize.ofMegabytes(25),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                ReportMailServers.CA_BUNDLE);
    }

    private static Imap with(Imap s, DataSize maxMessageSize) {
        return new Imap(
                s.enabled(),
                s.host(),
                s.port(),
                s.security(),
                s.user(),
                s.password(),
                s.folder(),
                s.processedFolder(),
                s.failedFolder(),
                s.pollInterval(),
                s.maxMessages(),
                maxMessageSize,
                s.connectTimeout(),
                s.timeout(),
                s.caBundle());
    }

    private static MimeMessage report(String subject, String file, String type, byte[] content) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("noreply-dmarc-support@reporter.test"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(USER));
        m.setSubject(subject, StandardCharsets.UTF_8.name());
        MimeBodyPart text = new MimeBodyPart();
        text.setText("This is an aggregate report.", StandardCharsets.UTF_8.name());
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(content, type)));
        attachment.setFileName(file);
        MimeMultipart mp = new MimeMultipart(text, attachment);
        m.setContent(mp);
        m.saveChanges();
        return m;
    }

    /** The subjects in a folder, read straight from GreenMail's own store (no TLS involved). */
    private static List<String> subjects(GreenMail server, String folder) throws Exception {
        var manager = server.getManagers().getImapHostManager();
        var user = server.getManagers().getUserManager().getUser(USER);
        var box = manager.getFolder(user, folder);
        if (box == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (var stored : box.getMessages()) {
            out.add(stored.getMimeMessage().getSubject());
        }
        return out;
    }
}
