package dev.mailward.reportintake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.reportintake.ReportIntakeProperties.Imap;
import dev.mailward.reportintake.ReportIntakeProperties.Security;
import dev.mailward.reportintake.ReportIntakeProperties.TlsRpt;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * {@code mailward.reports.intake.*} as the console binds it: one validated record holds every setting of the prefix
 * (upload sizes, the IMAP mailbox, the TLS-RPT endpoint, retention, held-report attachment, the analysis), under
 * the names the README documents, and a bad value fails start-up with a message naming the property.
 */
class ReportIntakePropertiesTests {

    private static final String P = "mailward.reports.intake.";

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ReportIntakeProperties.class)
    static class Bound {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    /** The settings as bound from {@code properties} (full names), defaults for the others; no validation. */
    static ReportIntakeProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("mailward.reports.intake", ReportIntakeProperties.class);
    }

    @Test
    void everySettingIsBoundUnderItsDocumentedName() {
        runner.withPropertyValues(
                        P + "max-file-size=12MB",
                        P + "max-request-size=48MB",
                        P + "max-files=7",
                        P + "imap.enabled=true",
                        P + "imap.host=imap.example.test",
                        P + "imap.port=1993",
                        P + "imap.security=STARTTLS",
                        P + "imap.user=dmarc@example.test",
                        P + "imap.password=secret",
                        P + "imap.folder=Reports",
                        P + "imap.processed-folder=Done/Reports",
                        P + "imap.failed-folder=Done/Failed",
                        P + "imap.poll-interval=90s",
                        P + "imap.max-messages=9",
                        P + "imap.max-message-size=3MB",
                        P + "imap.connect-timeout=4s",
                        P + "imap.timeout=45s",
                        P + "imap.ca-bundle=/etc/mailward/imap-ca.pem",
                        P + "tlsrpt.enabled=false",
                        P + "tlsrpt.max-body-size=2MB",
                        P + "tlsrpt.requests-per-minute=12",
                        P + "tlsrpt.burst=24",
                        P + "tlsrpt.tracked-addresses=500",
                        P + "retention=90d",
                        P + "retention-interval=30m",
                        P + "attach-interval=2m",
                        P + "asn-database=/var/lib/mailward/ip2asn-v4.tsv",
                        P + "asn-max-ranges=1000",
                        P + "known-forwarders=lists.example.test,relay.example.test",
                        P + "ptr-ttl=2d",
                        P + "ptr-per-view=5",
                        P + "ptr-view-deadline=1500ms",
                        P + "ptr-per-import=50")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ReportIntakeProperties.class))
                            .isEqualTo(new ReportIntakeProperties(
                                    DataSize.ofMegabytes(12),
                                    DataSize.ofMegabytes(48),
                                    7,
                                    new Imap(
                                            true,
                                            "imap.example.test",
                                            1993,
                                            Security.STARTTLS,
                                            "dmarc@example.test",
                                            "secret",
                                            "Reports",
                                            "Done/Reports",
                                            "Done/Failed",
                                            Duration.ofSeconds(90),
                                            9,
                                            DataSize.ofMegabytes(3),
                                            Duration.ofSeconds(4),
                                            Duration.ofSeconds(45),
                                            Path.of("/etc/mailward/imap-ca.pem")),
                                    new TlsRpt(false, DataSize.ofMegabytes(2), 12, 24, 500),
                                    Duration.ofDays(90),
                                    Duration.ofMinutes(30),
                                    Duration.ofMinutes(2),
                                    Path.of("/var/lib/mailward/ip2asn-v4.tsv"),
                                    1000,
                                    List.of("lists.example.test", "relay.example.test"),
                                    Duration.ofDays(2),
                                    5,
                                    Duration.ofMillis(1500),
                                    50));
                });
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        runner.run(context -> {
            ReportIntakeProperties p = context.getBean(ReportIntakeProperties.class);
            assertThat(p).isEqualTo(bind(Map.of()));
            assertThat(p.maxFileSize()).isEqualTo(DataSize.ofMegabytes(10));
            assertThat(p.maxRequestSize()).isEqualTo(DataSize.ofMegabytes(40));
            assertThat(p.maxFiles()).isEqualTo(20);
            assertThat(p.imap().enabled()).isFalse();
            assertThat(p.imap().effectivePort()).isEqualTo(993);
            assertThat(p.imap().pollInterval()).isEqualTo(Duration.ofMinutes(5));
            assertThat(p.tlsrpt().enabled()).isTrue();
            assertThat(p.retention()).isEqualTo(Duration.ofDays(400));
            assertThat(p.retentionInterval()).isEqualTo(Duration.ofHours(6));
            assertThat(p.attachInterval()).isEqualTo(Duration.ofMinutes(5));
            assertThat(p.asnDatabase()).isNull();
            assertThat(p.asnMaxRanges()).isEqualTo(2_000_000);
            assertThat(p.knownForwarders()).hasSize(12).contains("google.com", "groups.io", "web.de");
            assertThat(p.ptrTtl()).isEqualTo(Duration.ofDays(7));
            assertThat(p.ptrPerView()).isEqualTo(20);
            assertThat(p.ptrViewDeadline()).isEqualTo(Duration.ofSeconds(3));
            assertThat(p.ptrPerImport()).isEqualTo(500);
        });
    }

    @Test
    void aBadValueFailsStartUpNamingTheProperty() {
        Map<String, String> bad = Map.of(
                "retention=0s", "mailward.reports.intake.retention and retention-interval must be positive durations",
                "retention-interval=-1h",
                        "mailward.reports.intake.retention and retention-interval must be positive durations",
                "attach-interval=0s", "mailward.reports.intake.attach-interval must be a positive duration",
                "imap.enabled=true", "mailward.reports.intake.imap needs host, user and password when enabled",
                "ptr-per-view=501", "mailward.reports.intake.ptr-per-view",
                "max-files=0", "mailward.reports.intake.max-files");
        bad.forEach((setting, named) -> runner.withPropertyValues(P + setting).run(context -> {
            assertThat(context).as(setting).hasFailed();
            assertThat(messages(context.getStartupFailure())).as(setting).contains(named);
        }));
    }

    /** The messages of a failure and its causes, as a start-up failure shows them. */
    private static String messages(Throwable failure) {
        List<String> out = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            out.add(String.valueOf(t.getMessage()));
        }
        return String.join("\n", out);
    }
}
