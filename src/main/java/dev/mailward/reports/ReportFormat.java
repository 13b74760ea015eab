package dev.mailward.reports;

import java.util.Locale;

/** The formats of an audit report, with their media type and file extension. */
public enum ReportFormat {
    PDF("application/pdf", "pdf"),
    CSV("text/csv;charset=UTF-8", "csv"),
    JSON("application/json", "json");

    private final String mediaType;
    private final String extension;

    ReportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    /**
     * The format named {@code value} (case-insensitive).
     *
     * @throws ReportValidationException naming the value when it is no format
     */
    public static ReportFormat parse(String value) {
        if (value != null) {
            for (ReportFormat f : values()) {
                if (f.name().equalsIgnoreCase(value.strip())) {
                    return f;
                }
            }
        }
        throw new ReportValidationException(
                "format", "reports.error.format", "unknown format '" + abbreviate(value) + "'; use PDF, CSV or JSON");
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 40 ? s : s.substring(0, 39).toLowerCase(Locale.ROOT) + "…";
    }
}
