package dev.mailward.scanning;

/**
 * What a scan of many domains found, counted in domains.
 *
 * @param scanned domains scanned
 * @param worse of them, those with a change that made them worse (a worse result, a new target with a problem)
 * @param better those with a change that made them better
 * @param errors those with results that could not be measured (timeouts, server failures)
 */
public record ScanSummary(int scanned, int worse, int better, int errors) {

    /**
     * One domain of a scan.
     *
     * @param id the domain
     * @param name its name as shown
     * @param state {@code PENDING}, {@code RUNNING}, {@code DONE} or {@code CANCELLED}
     * @param worse its changes for the worse (null until scanned)
     * @param better its changes for the better
     * @param errors its results that could not be measured
     */
    public record Domain(long id, String name, String state, Integer worse, Integer better, Integer errors) {}
}
