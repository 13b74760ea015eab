package dev.mailward.reportintake;

/**
 * How a report reached the intake: the console's upload form, {@code POST /api/v1/report-ingest}, the polled
 * IMAP mailbox ({@code mailward.reports.intake.imap.*}) or the open TLS-RPT endpoint {@code POST /tlsrpt}.
 */
public enum ReportSource {
    UPLOAD,
    API,
    IMAP,
    HTTPS
}
