package dev.mailward.notifications.web;

import dev.mailward.notifications.Channel;
import dev.mailward.notifications.ChannelCommand;
import dev.mailward.notifications.ChannelKind;
import dev.mailward.notifications.ChannelValidationException;
import dev.mailward.notifications.Delivery;
import dev.mailward.notifications.NotificationChannels;
import dev.mailward.notifications.NotificationKind;
import dev.mailward.notifications.PayloadFormat;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The notification pages: {@code /notifications} (the channels of the user's teams and the dead letters with
 * "retry"), a channel's page with its settings and deliveries, the new-channel form, and the POSTs that change
 * them (ADMIN, or OPERATOR of the team; refused on the server for AUDITOR).
 */
@Controller
class NotificationsController {

    static final String LIST_VIEW = "notifications/channels";
    static final String CHANNEL_VIEW = "notifications/channel";

    private final NotificationChannels channels;
    private final MessageSource messages;

    NotificationsController(NotificationChannels channels, MessageSource messages) {
        this.channels = channels;
        this.messages = messages;
    }

    @GetMapping("/notifications")
    String list(Model model) {
        model.addAttribute("channels", channels.list());
        model.addAttribute("dead", channels.deadLetters());
        model.addAttribute("canCreate", !channels.writableTeams().isEmpty());
        return LIST_VIEW;
    }

    @GetMapping("/notifications/new")
    String newChannel(Model model) {
        model.addAttribute("channel", null);
        model.addAttribute("deliveries", List.<Delivery>of());
        return form(model, true);
    }

    @GetMapping("/notifications/{id}")
    String channel(@PathVariable long id, @RequestParam(defaultValue = "0") int page, Model model) {
        Channel c = channels.get(id);
        model.addAttribute("channel", c);
        model.addAttribute("deliveries", channels.deliveries(id, page));
        return form(model, channels.canWrite(c.teamId()));
    }

    private String form(Model model, boolean writable) {
        model.addAttribute("writable", writable);
        model.addAttribute("teams", channels.writableTeams());
        model.addAttribute("kinds", ChannelKind.values());
        model.addAttribute(
                "formats",
                List.of(PayloadFormat.GENERIC, PayloadFormat.SLACK, PayloadFormat.TEAMS, PayloadFormat.MATTERMOST));
        Set<NotificationKind> kinds = EnumSet.allOf(NotificationKind.class);
        kinds.remove(NotificationKind.TEST);
        model.addAttribute("eventKinds", kinds);
        return CHANNEL_VIEW;
    }

    @PostMapping("/notifications")
    String create(
            @RequestParam Optional<Long> teamId,
            @RequestParam(defaultValue = "") String name,
            @RequestParam Optional<ChannelKind> kind,
            @RequestParam(defaultValue = "") String target,
            @RequestParam(defaultValue = "") String secret,
            @RequestParam Optional<PayloadFormat> format,
            @RequestParam(required = false) Set<NotificationKind> events,
            @RequestParam(defaultValue = "") String tags,
            @RequestParam(defaultValue = "") String mitigations,
            @RequestParam(defaultValue = "false") boolean digest,
            @RequestParam(defaultValue = "false") boolean enabled,
            RedirectAttributes redirect) {
        ChannelCommand cmd = new ChannelCommand(
                teamId.orElse(null),
                name,
                kind.orElse(null),
                List.of(target),
                secret,
                format.orElse(null),
                events,
                List.of(tags),
                List.of(mitigations),
                digest,
                enabled);
        try {
            Channel c = channels.create(cmd);
            redirect.addFlashAttribute("flash", text("notifications.saved"));
            return "redirect:/notifications/" + c.id();
        } catch (ChannelValidationException e) {
            redirect.addFlashAttribute("flashError", text(e.messageKey()));
            return "redirect:/notifications/new";
        }
    }

    @PostMapping("/notifications/{id}")
    String update(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String target,
            @RequestParam(defaultValue = "") String secret,
            @RequestParam Optional<PayloadFormat> format,
            @RequestParam(required = false) Set<NotificationKind> events,
            @RequestParam(defaultValue = "") String tags,
            @RequestParam(defaultValue = "") String mitigations,
            @RequestParam(defaultValue = "false") boolean digest,
            @RequestParam(defaultValue = "false") boolean enabled,
            RedirectAttributes redirect) {
        ChannelCommand cmd = new ChannelCommand(
                null,
                name,
                null,
                List.of(target),
                secret.isEmpty() ? null : secret,
                format.orElse(null),
                events,
                List.of(tags),
                List.of(mitigations),
                digest,
                enabled);
        try {
            channels.update(id, cmd);
            redirect.addFlashAttribute("flash", text("notifications.saved"));
        } catch (ChannelValidationException e) {
            redirect.addFlashAttribute("flashError", text(e.messageKey()));
        }
        return "redirect:/notifications/" + id;
    }

    @PostMapping("/notifications/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        channels.delete(id);
        redirect.addFlashAttribute("flash", text("notifications.deleted"));
        return "redirect:/notifications";
    }

    @PostMapping("/notifications/{id}/test")
    String test(@PathVariable long id, RedirectAttributes redirect) {
        Delivery d = channels.sendTest(id);
        if (d.status().equals("SENT")) {
            redirect.addFlashAttribute("flash", text("notifications.tested.sent"));
        } else {
            redirect.addFlashAttribute("flashError", text("notifications.tested.failed", d.lastError()));
        }
        return "redirect:/notifications/" + id;
    }

    @PostMapping("/notifications/deliveries/{id}/retry")
    String retry(@PathVariable long id, RedirectAttributes redirect) {
        channels.retry(id);
        redirect.addFlashAttribute("flash", text("notifications.retried"));
        return "redirect:/notifications";
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
