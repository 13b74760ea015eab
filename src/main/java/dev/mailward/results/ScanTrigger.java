package dev.mailward.results;

/**
 * Why an engine run happened: its schedule came due, someone asked ("check now", "scan now"), or an
 * admin re-judged the stored observations ({@link Results#rejudgeAll}).
 */
public enum ScanTrigger {
    SCHEDULED,
    MANUAL,
    /** The latest stored observation judged again under newer rules, without the network. */
    REJUDGE
}
