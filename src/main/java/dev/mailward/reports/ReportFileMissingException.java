package dev.mailward.reports;

/** The archive knows the report but no longer holds its file, or the file no longer has the archived hash. */
public class ReportFileMissingException extends RuntimeException {

    private final long reportId;

    public ReportFileMissingException(long reportId, String message) {
        super(message);
        this.reportId = reportId;
    }

    public long reportId() {
        return reportId;
    }
}
