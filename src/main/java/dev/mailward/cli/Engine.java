package dev.mailward.cli;

import dev.mailward.checks.CheckRegistry;
import dev.mailward.checks.EndpointProber;

/** The families the CLI runs and the name normalisation it applies. */
final class Engine {

    private Engine() {}

    /**
     * The DNS families, plus with {@code probe} the mail server probes and dane. One
     * {@link EndpointProber} per command run: the run is one scan cycle, so a host shared by
     * several domains of a {@code --domains-file} is probed once, one connection per address.
     */
    static CheckRegistry registry(boolean probe) {
        return probe ? CheckRegistry.withProbes(EndpointProber.forOneCycle()) : CheckRegistry.dnsChecks();
    }

    /** The A-label of a typed domain name, or an IllegalArgumentException naming the problem. */
    static String normalize(String input) {
        return dev.mailward.dns.DomainName.parse(input).ascii();
    }
}
