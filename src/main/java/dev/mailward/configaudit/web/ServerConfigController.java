package dev.mailward.configaudit.web;

import dev.mailward.configaudit.ConfigFile;
import dev.mailward.configaudit.ConfigRefusedException;
import dev.mailward.configaudit.ConfigUpload;
import dev.mailward.configaudit.ServerConfigService;
import dev.mailward.configaudit.UploadConfig;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.WebUtils;

/** The configuration tab of a mail server: upload, findings, history and diffs; the domain page's summary. */
@Controller
class ServerConfigController {

    static final String PAGE = "configaudit/config";
    static final String DIFF = "configaudit/diff";
    static final String DOMAIN_SUMMARY = "configaudit/domain-summary :: summary";

    private final ServerConfigService configs;
    private final ServerConfigMessages messages;

    ServerConfigController(ServerConfigService configs, ServerConfigMessages messages) {
        this.configs = configs;
        this.messages = messages;
    }

    @GetMapping("/servers/{id}/config")
    String latest(@PathVariable long id, @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("overview", configs.overview(id, Optional.empty(), page));
        model.addAttribute("files", ConfigFile.values());
        return PAGE;
    }

    @GetMapping("/servers/{id}/config/versions/{version}")
    String version(
            @PathVariable long id, @PathVariable int version, @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("overview", configs.overview(id, Optional.of(version), page));
        model.addAttribute("files", ConfigFile.values());
        return PAGE;
    }

    @GetMapping("/servers/{id}/config/versions/{version}/diff")
    String diff(@PathVariable long id, @PathVariable int version, Model model) {
        model.addAttribute("serverId", id);
        model.addAttribute("diff", configs.diff(id, version));
        return DIFF;
    }

    @PostMapping("/servers/{id}/config")
    String upload(@PathVariable long id, HttpServletRequest request, RedirectAttributes redirect) throws IOException {
        try {
            Map<ConfigFile, String> texts = new EnumMap<>(ConfigFile.class);
            MultipartHttpServletRequest multipart =
                    WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
            if (multipart != null) {
                for (ConfigFile f : ConfigFile.values()) {
                    MultipartFile part = multipart.getFile(f.part());
                    if (part != null && !part.isEmpty()) {
                        texts.put(f, ServerConfigService.decode(f, part.getBytes()));
                    }
                }
            }
            ConfigUpload stored = configs.upload(id, new UploadConfig(texts), Optional.of(request.getRemoteAddr()));
            redirect.addFlashAttribute(
                    "flash",
                    messages.get(
                            "serverconfig.uploaded",
                            stored.summary().version(),
                            stored.redactions().size()));
        } catch (ConfigRefusedException e) {
            redirect.addFlashAttribute("flashError", messages.refusal(e));
        }
        return "redirect:/servers/" + id + "/config";
    }

    /** The domain page loads this fragment (htmx) to show its servers' configuration status. */
    @GetMapping("/domains/{id}/config")
    String domainSummary(@PathVariable long id, Model model) {
        model.addAttribute("domainId", id);
        model.addAttribute("servers", configs.forDomain(id));
        return DOMAIN_SUMMARY;
    }
}
