package dev.mailward.scanning;

/** Where a "scan now" stands, as shown by the API. */
public enum ScanRunState {
    /** Nothing of it has started yet. */
    QUEUED,
    /** Some of its domains are being scanned or done, others wait. */
    RUNNING,
    /** Every domain is done. */
    DONE,
    /** It was cancelled: what had not started was left out (domains being scanned then finished). */
    CANCELLED
}
