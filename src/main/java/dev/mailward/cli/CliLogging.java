package dev.mailward.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LogbackServiceProvider;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Logging of the headless check command: stdout carries the report only (JSON lines must stay
 * parseable), so warnings and errors go to stderr as {@code LEVEL logger - message}. Set up in
 * code rather than from an XML file: logback's XML configurator and the JAXP parser behind it
 * cost a quarter of a second of a CLI start. And bound through {@link Provider}, named to SLF4J
 * before it binds: its own provider look-up and logback's default start (a service look-up for
 * configurators, a search for {@code logback-test.xml} and {@code logback.xml}) each read every
 * one of the console's 140 nested jars, another 0.1-0.15 s of every CLI start.
 */
public final class CliLogging {

    /** SLF4J's system property naming the provider to bind, which skips its service look-up. */
    static final String PROVIDER_PROPERTY = "slf4j.provider";
    /** SLF4J's own reporting threshold (its messages go to stderr). */
    static final String VERBOSITY_PROPERTY = "slf4j.internal.verbosity";
    /** Marks a logger context set up here. */
    private static final String CONFIGURED = CliLogging.class.getName();

    private CliLogging() {}

    /**
     * Replaces whatever logback configured by default; call before anything logs. An SLF4J
     * provider named on the command line ({@code -Dslf4j.provider=...}) is left alone.
     */
    public static void configure() {
        if (System.getProperty(PROVIDER_PROPERTY) == null) {
            System.setProperty(PROVIDER_PROPERTY, Provider.class.getName()); // no effect once SLF4J is bound
            if (System.getProperty(VERBOSITY_PROPERTY) == null) {
                System.setProperty(VERBOSITY_PROPERTY, "WARN"); // else SLF4J announces the provider on stderr
            }
        }
        // Another SLF4J binding is left as configured, and so is a context the provider set up.
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx && ctx.getObject(CONFIGURED) == null) {
            configure(ctx);
        }
    }

    private static void configure(LoggerContext ctx) {
        ctx.reset(); // also drops the CONFIGURED mark of an earlier call
        ctx.putObject(CONFIGURED, Boolean.TRUE);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%level %logger{20} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(ctx);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
    }

    /**
     * Logback bound without its default configuration step: a context logging as {@link
     * #configure()} says from the start. Public with a no-argument constructor for SLF4J.
     */
    public static final class Provider implements SLF4JServiceProvider {

        private LoggerContext context;
        private IMarkerFactory markers;
        private LogbackMDCAdapter mdc;

        @Override
        public void initialize() {
            LoggerContext ctx = new LoggerContext();
            ctx.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
            mdc = new LogbackMDCAdapter();
            ctx.setMDCAdapter(mdc);
            configure(ctx);
            ctx.start();
            markers = new BasicMarkerFactory();
            context = ctx;
        }

        @Override
        public ILoggerFactory getLoggerFactory() {
            return context;
        }

        @Override
        public IMarkerFactory getMarkerFactory() {
            return markers;
        }

        @Override
        public MDCAdapter getMDCAdapter() {
            return mdc;
        }

        @Override
        public String getRequestedApiVersion() {
            return LogbackServiceProvider.REQUESTED_API_VERSION;
        }
    }
}
