package dev.mailward.results;

import java.util.List;

/**
 * The engine runs of one scan of many domains, for the changes page's "changes of this scan" filter. Implemented
 * by {@code scanning} (its {@code scan_run} holds the {@code check_run} of each domain it scanned); declared here
 * so that {@code results} does not depend on {@code scanning}.
 */
public interface ScanBatches {

    /** The {@code check_run} ids of the scan {@code scanId}; empty when there is no such scan. */
    List<Long> engineRuns(long scanId);
}
