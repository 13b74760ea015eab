package dev.mailward.results;

/** Why an engine run happened: its schedule came due, or someone asked ("check now", "scan now"). */
public enum ScanTrigger {
    SCHEDULED, MANUAL
}
