package dev.mailward.reportintake.web;

import dev.mailward.reportintake.IngestResult;
import dev.mailward.reportintake.IngestResult.Outcome;
import dev.mailward.reportintake.ReportIntake;
import dev.mailward.reportintake.ReportIntakeProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /tlsrpt}: TLS-RPT's {@code https:} report URI (RFC 8460 §3), for {@code rua=https://<console>/tlsrpt}
 * in a domain's {@code _smtp._tls} record. Open without login and without CSRF token (reporters are other mail
 * systems), POST only. Takes {@code application/tlsrpt+gzip} and {@code application/tlsrpt+json} (415 otherwise),
 * at most {@code max-body-size} bytes as received (413), at most {@code burst} requests at once per source address
 * and {@code requests-per-minute} after that (429 with {@code Retry-After}). Answers 201 when the report was
 * stored, 200 when it was already (same reporter and report id), 400 with the reason when it cannot be read or is
 * not a TLS report (kept aside for an ADMIN); the answers that refuse are problem details.
 */
@Tag(name = "Report intake")
@RestController
class TlsReportEndpoint {

    /** The endpoint's path; {@code shared.SecurityConfiguration} opens exactly this path, for POST only. */
    static final String PATH = "/tlsrpt";

    static final MediaType GZIP = MediaType.parseMediaType("application/tlsrpt+gzip");
    static final MediaType JSON = MediaType.parseMediaType("application/tlsrpt+json");

    private static final Logger log = LoggerFactory.getLogger(TlsReportEndpoint.class);

    private final ReportIntake intake;
    private final ReportIntakeProperties.TlsRpt settings;
    private final AddressRateLimiter limiter;

    TlsReportEndpoint(ReportIntake intake, ReportIntakeProperties properties) {
        this.intake = intake;
        this.settings = properties.tlsrpt();
        this.limiter = new AddressRateLimiter(settings, System::nanoTime);
    }

    @Operation(
            operationId = "receiveTlsReport",
            summary = "Receive an SMTP TLS report (RFC 8460 https: report URI)",
            description = "Open without login: the target of `rua=https://<console>/tlsrpt` in `_smtp._tls`. Body:"
                    + " one TLS report as `application/tlsrpt+gzip` or `application/tlsrpt+json` (415 otherwise),"
                    + " bounded in size (413) and rate per source address (429 with Retry-After). 201 stored, 200"
                    + " already stored, 400 unreadable or not a TLS report (kept aside with the reason).")
    @PostMapping(path = PATH)
    ResponseEntity<?> receive(HttpServletRequest request) throws IOException {
        if (!settings.enabled()) {
            return problem(HttpStatus.NOT_FOUND, "There is nothing at this address", request);
        }
        String from = request.getRemoteAddr();
        long retryAfter = limiter.acquire(from);
        if (retryAfter > 0) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(detail(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "Too many reports from " + from + "; try again in " + retryAfter + " s",
                            request));
        }
        Boolean gzip = declared(request.getContentType());
        if (gzip == null) {
            return problem(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Send the report as application/tlsrpt+gzip or application/tlsrpt+json",
                    request);
        }
        long max = settings.maxBodySize().toBytes();
        String tooLarge = "The report is larger than " + max / (1024 * 1024) + " MB";
        if (request.getContentLengthLong() > max) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, tooLarge, request);
        }
        byte[] body = read(request.getInputStream(), max);
        if (body == null) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, tooLarge, request);
        }
        IngestResult result = intake.receiveTlsReport("https from " + from, body, gzip);
        if (result.count(Outcome.REFUSED) > 0) {
            String reason = result.files().stream()
                    .flatMap(f -> f.items().stream())
                    .filter(i -> i.outcome() == Outcome.REFUSED)
                    .map(IngestResult.Item::reason)
                    .findFirst()
                    .orElse("unreadable");
            log.info("TLS report from {} refused: {}", from, reason);
            return problem(HttpStatus.BAD_REQUEST, "The report cannot be read: " + reason, request);
        }
        boolean stored = result.count(Outcome.STORED) + result.count(Outcome.KEPT_ASIDE) > 0;
        return ResponseEntity.status(stored ? HttpStatus.CREATED : HttpStatus.OK)
                .contentType(MediaType.APPLICATION_JSON)
                .body(result);
    }

    /** True for gzip, false for JSON, null for any other (or no) content type. */
    private static Boolean declared(String contentType) {
        if (contentType == null) {
            return null;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (type.equalsTypeAndSubtype(GZIP)) {
            return true;
        }
        return type.equalsTypeAndSubtype(JSON) ? false : null;
    }

    /** At most {@code max} bytes of the body; null when there are more. */
    private static byte[] read(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + (long) n > max) {
                return null;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, HttpServletRequest request) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(detail(status, detail, request));
    }

    private static ProblemDetail detail(HttpStatus status, String detail, HttpServletRequest request) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setInstance(URI.create(request.getRequestURI()));
        return p;
    }
}
