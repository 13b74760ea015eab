package dev.mailward.configaudit.api;

import dev.mailward.configaudit.ConfigFile;
import dev.mailward.configaudit.ConfigRefusedException;
import dev.mailward.configaudit.ServerConfigService;
import dev.mailward.configaudit.UploadConfig;
import dev.mailward.configaudit.api.ConfigApiDtos.DiffDto;
import dev.mailward.configaudit.api.ConfigApiDtos.HistoryDto;
import dev.mailward.configaudit.api.ConfigApiDtos.UploadDto;
import dev.mailward.configaudit.api.ConfigApiDtos.UploadRequest;
import dev.mailward.inventory.InventoryNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v1/servers/{id}/config}: machines push a server's configuration (multipart parts
 * or JSON properties {@code postconf}, {@code master}, {@code doveconf}, {@code rspamd}) and read
 * the stored versions, their findings and diffs.
 */
@Tag(name = "Server configurations")
@RestController
@RequestMapping("/api/v1/servers/{id}/config")
class ServerConfigApiController {

    /** Largest JSON body read: four capped texts, allowing for JSON escaping. */
    static final int MAX_JSON_BYTES = 16 * 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ServerConfigService configs;

    ServerConfigApiController(ServerConfigService configs) {
        this.configs = configs;
    }

    /** One route for both forms, so that the curl one-liner and JSON clients share a URL. */
    @Operation(
            operationId = "uploadServerConfiguration",
            summary = "Push a mail server's configuration",
            description =
                    "Uploads the server's configuration files (multipart parts or a JSON object with the fields `postconf` (Postfix `postconf -n`), `master` (master.cf), `doveconf` (Dovecot `doveconf -n`) and `rspamd` (Rspamd's configuration dump)) as its next version. Secrets are redacted before anything is stored; the answer has the findings per mitigation with the offending lines and fixes. Needs the OPERATOR or ADMIN role.")
    @PostMapping(consumes = {MediaType.MULTIPART_FORM_DATA_VALUE, MediaType.APPLICATION_JSON_VALUE})
    @ResponseStatus(HttpStatus.CREATED)
    UploadDto upload(@PathVariable long id, HttpServletRequest request) throws IOException {
        // Spring Security wraps the request: look for the multipart request underneath
        MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
        UploadConfig cmd = multipart != null ? fromParts(multipart) : fromJson(request);
        return UploadDto.of(configs.upload(id, cmd, Optional.of(request.getRemoteAddr())));
    }

    private static UploadConfig fromParts(MultipartHttpServletRequest request) throws IOException {
        Map<ConfigFile, String> texts = new EnumMap<>(ConfigFile.class);
        for (ConfigFile f : ConfigFile.values()) {
            MultipartFile part = request.getFile(f.part());
            if (part != null && !part.isEmpty()) {
                texts.put(f, ServerConfigService.decode(f, part.getBytes()));
            } else if (request.getParameter(f.part()) != null) {
                // curl -F 'postconf=<file' sends the text as a plain form field
                texts.put(f, request.getParameter(f.part()));
            }
        }
        return new UploadConfig(texts);
    }

    private static UploadConfig fromJson(HttpServletRequest request) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_JSON_BYTES + 1);
        }
        if (body.length > MAX_JSON_BYTES) {
            throw new ConfigRefusedException(
                    Optional.empty(),
                    "serverconfig.refused.bodyTooLarge",
                    "the JSON body is larger than " + MAX_JSON_BYTES + " bytes; nothing was stored",
                    true,
                    MAX_JSON_BYTES);
        }
        UploadRequest req;
        try {
            req = JSON.readValue(body, UploadRequest.class);
        } catch (JacksonException e) {
            throw new ConfigRefusedException(
                    Optional.empty(),
                    "serverconfig.refused.badJson",
                    "the body is not a JSON object with string properties postconf, master, doveconf, rspamd",
                    false);
        }
        if (req == null) {
            return new UploadConfig(Map.of());
        }
        return UploadConfig.of(req.postconf(), req.master(), req.doveconf(), req.rspamd());
    }

    @Operation(
            operationId = "getServerConfiguration",
            summary = "Get the latest configuration audit",
            description =
                    "The server's latest uploaded configuration version with its findings and, after a scan, where it contradicts what the probes saw.")
    @GetMapping
    UploadDto latest(@PathVariable long id) {
        return configs.latest(id)
                .map(UploadDto::of)
                .orElseThrow(() -> new InventoryNotFoundException("configuration of server", id));
    }

    @Operation(
            operationId = "listConfigurationVersions",
            summary = "List configuration versions",
            description =
                    "The server's uploaded versions, newest first, 25 a page, with who pushed each and its SHA-256.")
    @GetMapping("/versions")
    HistoryDto history(@PathVariable long id, @RequestParam(defaultValue = "0") int page) {
        return HistoryDto.of(configs.history(id, page));
    }

    @Operation(
            operationId = "getConfigurationVersion",
            summary = "Get one configuration version",
            description = "One uploaded version of the server's configuration with its findings, as audited then.")
    @GetMapping("/versions/{version}")
    UploadDto version(@PathVariable long id, @PathVariable int version) {
        return UploadDto.of(configs.version(id, version));
    }

    @Operation(
            operationId = "diffConfigurationVersion",
            summary = "Compare a version with the previous one",
            description = "The line changes between this version and the one before it, per file (redacted text).")
    @GetMapping("/versions/{version}/diff")
    DiffDto diff(@PathVariable long id, @PathVariable int version) {
        return DiffDto.of(configs.diff(id, version));
    }
}
