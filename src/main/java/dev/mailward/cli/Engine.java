package dev.mailward.cli;

import dev.mailward.checks.CheckRegistry;

/** The families the CLI runs and the name normalisation it applies. */
final class Engine {

    private Engine() {
    }

    static CheckRegistry registry(boolean probe) {
        return CheckRegistry.dnsChecks();
    }

    /** The A-label of a typed domain name, or an IllegalArgumentException naming the problem. */
    static String normalize(String input) {
        return dev.mailward.dns.DomainName.parse(input).ascii();
    }
}
