package dev.mailward.reports;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the reports ({@code mailward.reports.*}).
 *
 * @param archiveDir where generated report files are kept for re-download (default
 *     {@code ${mailward.data-dir}/reports}); console replicas must share it
 * @param evidenceLines the most lines of evidence per item (DNS answer, transcript, certificate) in
 *     the PDF appendix (default 8)
 * @param fetchSize rows fetched per round trip by the export cursor (default 1000)
 * @param pdfMaxDomains the most domains a PDF may cover (default 2000); CSV and JSON have no limit
 * @param changesListed the most changes listed one by one in the executive summary (default 50)
 */
@Validated
@ConfigurationProperties(prefix = "mailward.reports")
public record ReportsProperties(
        @DefaultValue("./data/reports") Path archiveDir,
        @DefaultValue("8") @Min(1) @Max(200) int evidenceLines,
        @DefaultValue("1000") @Min(10) @Max(100000) int fetchSize,
        @DefaultValue("2000") @Min(1) int pdfMaxDomains,
        @DefaultValue("50") @Min(0) @Max(1000) int changesListed) {}
