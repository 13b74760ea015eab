package dev.mailward.cli;

import dev.mailward.checks.Check;
import dev.mailward.checks.CheckRegistry;
import dev.mailward.checks.blocklist.BlocklistCheck;
import dev.mailward.checks.dnssec.DnssecCheck;
import dev.mailward.checks.mx.MxCheck;
import dev.mailward.checks.rdns.PtrCheck;
import java.util.ArrayList;
import java.util.List;

/** The families the CLI runs and the name normalisation it applies. */
final class Engine {

    private Engine() {
    }

    static CheckRegistry registry(boolean probe) {
        List<Check> checks = new ArrayList<>(List.of(new MxCheck(), new DnssecCheck(), new PtrCheck(),
                new BlocklistCheck()));
        return new CheckRegistry(checks);
    }

    /** The A-label of a typed domain name, or an IllegalArgumentException naming the problem. */
    static String normalize(String input) {
        return dev.mailward.dns.DomainName.parse(input).ascii();
    }
}
