package dev.mailward.results;

/**
 * Whether a scan of a domain is waiting or running: the results section of the domain page says
 * "Checking…" and polls while one is. Implemented by the module that runs scans ({@code scanning}),
 * which hands its results to this module; so this module asks through its own interface and never
 * depends on the scanner.
 */
public interface ScanActivity {

    /** Whether a scan of the domain is waiting or running. */
    boolean scanInProgress(long domainId);
}
