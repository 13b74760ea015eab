package dev.mailward.reports;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One generated report as the archive keeps it.
 *
 * @param id archive id
 * @param format file format
 * @param scopeKind {@code all}, {@code team}, {@code tag} or {@code domains}
 * @param scopeLabel the scope in words (team name, tag, the first domain names)
 * @param teamIds the teams whose domains the report contains; users who belong to all of them see it
 * @param asOf the point in time of the results
 * @param current whether the current results were exported (no explicit "as of")
 * @param since the start of the changes listed, when one was chosen
 * @param generatedBy user name of who generated it
 * @param generatedAt when (UTC)
 * @param sha256 SHA-256 of the file, lower-case hex
 * @param sizeBytes file size in bytes
 * @param domainCount domains in the report
 * @param fileAvailable whether the archive still holds the file (re-download); the hash stays regardless
 */
public record ArchivedReport(
        long id,
        ReportFormat format,
        String scopeKind,
        String scopeLabel,
        List<Long> teamIds,
        Instant asOf,
        boolean current,
        Optional<Instant> since,
        String generatedBy,
        Instant generatedAt,
        String sha256,
        long sizeBytes,
        int domainCount,
        boolean fileAvailable) {

    public ArchivedReport {
        teamIds = List.copyOf(teamIds);
    }

    /** The file name offered on download, e.g. {@code mailward-report-12.pdf}. */
    public String fileName() {
        return "mailward-report-" + id + "." + format.extension();
    }
}
