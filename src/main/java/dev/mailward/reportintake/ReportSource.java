package dev.mailward.reportintake;

/** How a report reached the intake: the console's upload form or {@code POST /api/v1/report-ingest}. */
public enum ReportSource {
    UPLOAD,
    API
}
