package dev.mailward.configaudit.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.mailward.checks.ResultsJson;
import dev.mailward.configaudit.ConfigDiff;
import dev.mailward.configaudit.ConfigFile;
import dev.mailward.configaudit.ConfigFinding;
import dev.mailward.configaudit.ConfigUpload;
import dev.mailward.configaudit.ConfigUploadSummary;
import dev.mailward.configaudit.LineRef;
import dev.mailward.inventory.PageOf;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of {@code /api/v1/servers/{id}/config}. */
final class ConfigApiDtos {

    private ConfigApiDtos() {}

    /** The JSON upload: each property optional, at least one with content. */
    record UploadRequest(String postconf, String master, String doveconf, String rspamd) {}

    record SummaryDto(
            int version,
            String sha256,
            String uploadedBy,
            Instant uploadedAt,
            String status,
            int failures,
            int warnings,
            int errors) {
        static SummaryDto of(ConfigUploadSummary s) {
            return new SummaryDto(
                    s.version(),
                    s.sha256(),
                    s.uploadedBy(),
                    s.uploadedAt(),
                    s.status().name(),
                    s.failures(),
                    s.warnings(),
                    s.errors());
        }
    }

    record LineDto(String file, int line, String text) {
        static LineDto of(LineRef l) {
            return new LineDto(l.file(), l.line(), l.text());
        }
    }

    /**
     * A finding in the one results shape ({@link ResultsJson.FindingJson}: code, status, message,
     * mitigation) with the lines it points to and the fix beside it.
     */
    record FindingDto(@JsonUnwrapped ResultsJson.FindingJson finding, List<LineDto> lines, String fix) {
        static FindingDto of(ConfigFinding f) {
            return new FindingDto(
                    ResultsJson.FindingJson.of(f.code(), f.status(), f.message(), f.mitigation()),
                    f.lines().stream().map(LineDto::of).toList(),
                    f.fix().orElse(null));
        }
    }

    record RedactionDto(String file, int line, String key) {}

    record CorrelationDto(String source, Instant observedAt, List<FindingDto> findings) {}

    record UploadDto(
            long serverId,
            int version,
            String sha256,
            String uploadedBy,
            Instant uploadedAt,
            String status,
            List<String> files,
            List<RedactionDto> redactions,
            List<FindingDto> findings,
            CorrelationDto correlation,
            Map<String, String> texts) {
        static UploadDto of(ConfigUpload u) {
            Map<String, String> texts = new LinkedHashMap<>();
            u.files().forEach((f, t) -> texts.put(f.part(), t));
            return new UploadDto(
                    u.summary().serverId(),
                    u.summary().version(),
                    u.summary().sha256(),
                    u.summary().uploadedBy(),
                    u.summary().uploadedAt(),
                    u.status().name(),
                    u.files().keySet().stream().map(ConfigFile::part).toList(),
                    u.redactions().stream()
                            .map(r -> new RedactionDto(r.file().part(), r.line(), r.key()))
                            .toList(),
                    u.findings().stream().map(FindingDto::of).toList(),
                    u.correlation()
                            .map(c -> new CorrelationDto(
                                    c.source(),
                                    c.observedAt(),
                                    c.findings().stream().map(FindingDto::of).toList()))
                            .orElse(null),
                    texts);
        }
    }

    record HistoryDto(List<SummaryDto> items, int page, int pageSize, long total) {
        static HistoryDto of(PageOf<ConfigUploadSummary> p) {
            return new HistoryDto(p.items().stream().map(SummaryDto::of).toList(), p.page(), p.pageSize(), p.total());
        }
    }

    record DiffLineDto(String op, int oldLine, int newLine, String text) {}

    record FileDiffDto(String file, int added, int removed, boolean truncated, List<List<DiffLineDto>> hunks) {}

    record DiffDto(long serverId, int fromVersion, int toVersion, List<FileDiffDto> files) {
        static DiffDto of(ConfigDiff d) {
            return new DiffDto(
                    d.serverId(),
                    d.fromVersion(),
                    d.toVersion(),
                    d.files().stream()
                            .map(f -> new FileDiffDto(
                                    f.file().part(),
                                    f.added(),
                                    f.removed(),
                                    f.truncated(),
                                    f.hunks().stream()
                                            .map(h -> h.lines().stream()
                                                    .map(l -> new DiffLineDto(
                                                            l.kind().symbol(), l.oldLine(), l.newLine(), l.text()))
                                                    .toList())
                                            .toList()))
                            .toList());
        }
    }
}
