package dev.mailward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The check command logs warnings and errors to stderr, nothing to stdout. */
class CliLoggingTests {

    @Test
    void warningsGoToStderrAndNothingToStdout() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            String before = System.getProperty(CliLogging.PROVIDER_PROPERTY);
            CliLogging.configure();
            if (before == null) {
                System.clearProperty(CliLogging.PROVIDER_PROPERTY); // SLF4J was bound before: nothing else reads it
                System.clearProperty(CliLogging.VERBOSITY_PROPERTY);
            }
            org.slf4j.Logger log = LoggerFactory.getLogger("dev.mailward.dns.internal.Transport");
            log.info("not shown");
            log.warn("resolver <b>127.0.0.1</b> answered garbage");
            log.error("broken", new IllegalStateException("cause"));
        } finally {
            System.setOut(out);
            System.setErr(err);
            ctx.reset();
            new ContextInitializer(ctx).autoConfig(); // back to the test run's own configuration
        }
        String e = capturedErr.toString(StandardCharsets.UTF_8);
        assertThat(e)
                .contains("WARN d.m.d.i.Transport - resolver <b>127.0.0.1</b> answered garbage")
                .contains("ERROR d.m.d.i.Transport - broken")
                .contains("IllegalStateException: cause")
                .doesNotContain("not shown");
        assertThat(capturedOut.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void providerBindsLogbackLoggingToStderrWithoutItsDefaultConfiguration() {
        PrintStream err = System.err;
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        CliLogging.Provider provider = new CliLogging.Provider();
        try {
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            provider.initialize();
            org.slf4j.Logger log = provider.getLoggerFactory().getLogger("dev.mailward.checks.CheckRunner");
            log.info("not shown");
            log.warn("check dkim overran its deadline");
        } finally {
            System.setErr(err);
            ((LoggerContext) provider.getLoggerFactory()).stop();
        }
        assertThat(capturedErr.toString(StandardCharsets.UTF_8))
                .contains("WARN d.m.c.CheckRunner - check dkim overran its deadline")
                .doesNotContain("not shown");
        assertThat(provider.getMDCAdapter()).isNotNull();
        assertThat(provider.getMarkerFactory().getMarker("x").getName()).isEqualTo("x");
        assertThat(provider.getRequestedApiVersion()).startsWith("2.");
        // the name SLF4J is given must load as a provider
        assertThat(org.slf4j.spi.SLF4JServiceProvider.class).isAssignableFrom(CliLogging.Provider.class);
    }
}
