package dev.mailward.notifications.api;

import dev.mailward.notifications.Channel;
import dev.mailward.notifications.ChannelCommand;
import dev.mailward.notifications.ChannelKind;
import dev.mailward.notifications.ChannelValidationException;
import dev.mailward.notifications.Delivery;
import dev.mailward.notifications.NotificationChannels;
import dev.mailward.notifications.NotificationKind;
import dev.mailward.notifications.PayloadFormat;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/notification-channels}: the notification channels of the caller's teams; creating, changing,
 * deleting and testing them needs ADMIN (any team) or OPERATOR (their teams). The secret is write-only.
 */
@Tag(name = "Notification channels")
@RestController
@RequestMapping("/api/v1/notification-channels")
class NotificationChannelsApiController {

    /**
     * A channel as sent: {@code target} is a list of e-mail addresses (or one string, commas allowed) or the
     * webhook URL; {@code events} omitted = every event.
     */
    record ChannelBody(
            Long teamId,
            String name,
            ChannelKind kind,
            Object target,
            String secret,
            PayloadFormat format,
            Set<NotificationKind> events,
            List<String> tags,
            List<String> mitigations,
            Boolean digest,
            Boolean enabled) {

        ChannelCommand command() {
            List<String> targets = switch (target) {
                case null -> List.of();
                case String s -> List.of(s);
                case List<?> l -> l.stream().map(String::valueOf).toList();
                default ->
                    throw new ChannelValidationException(
                            "target", "notifications.error.url", "target is a string or a list of strings");
            };
            return new ChannelCommand(
                    teamId,
                    name,
                    kind,
                    targets,
                    secret,
                    format,
                    events,
                    tags,
                    mitigations,
                    Boolean.TRUE.equals(digest),
                    enabled == null || enabled);
        }
    }

    /** A channel as answered; the secret only as {@code secretSet}. */
    record ChannelJson(
            long id,
            long teamId,
            String team,
            String name,
            ChannelKind kind,
            Object target,
            boolean secretSet,
            PayloadFormat format,
            Set<NotificationKind> events,
            List<String> tags,
            List<String> mitigations,
            boolean digest,
            boolean enabled,
            Instant createdAt,
            Instant updatedAt) {

        static ChannelJson of(Channel c) {
            return new ChannelJson(
                    c.id(),
                    c.teamId(),
                    c.teamName(),
                    c.name(),
                    c.kind(),
                    c.kind() == ChannelKind.EMAIL ? c.targets() : c.targets().getFirst(),
                    c.secretSet(),
                    c.format(),
                    c.events(),
                    c.tags(),
                    c.mitigations(),
                    c.digest(),
                    c.enabled(),
                    c.createdAt(),
                    c.updatedAt());
        }
    }

    private final NotificationChannels channels;

    NotificationChannelsApiController(NotificationChannels channels) {
        this.channels = channels;
    }

    @Operation(
            operationId = "listNotificationChannels",
            summary = "List notification channels",
            description = "The channels of the teams you belong to (every team for an ADMIN): kind, target, format,"
                    + " events, digest. A webhook's secret is never returned.")
    @GetMapping
    List<ChannelJson> list() {
        return channels.list().stream().map(ChannelJson::of).toList();
    }

    @Operation(
            operationId = "createNotificationChannel",
            summary = "Create a notification channel",
            description = "E-mail (`target`: addresses) or webhook (`target`: URL, `secret`, `format`). Answers 201"
                    + " with the channel and its `id`. Needs OPERATOR (own teams) or ADMIN.")
    @PostMapping
    ResponseEntity<ChannelJson> create(@RequestBody(required = false) ChannelBody body) {
        if (body == null) {
            throw new ChannelValidationException("body", "notifications.error.body", "a channel is required");
        }
        Channel c = channels.create(body.command());
        return ResponseEntity.created(URI.create("/api/v1/notification-channels/" + c.id()))
                .body(ChannelJson.of(c));
    }

    @Operation(
            operationId = "getNotificationChannel",
            summary = "Get a notification channel",
            description = "One channel of your teams; 404 for a channel that does not exist or that you may not see.")
    @GetMapping("/{id}")
    ChannelJson get(@PathVariable long id) {
        return ChannelJson.of(channels.get(id));
    }

    @Operation(
            operationId = "updateNotificationChannel",
            summary = "Replace a notification channel's settings",
            description = "A missing `secret` keeps the stored one.")
    @PutMapping("/{id}")
    ChannelJson update(@PathVariable long id, @RequestBody(required = false) ChannelBody body) {
        if (body == null) {
            throw new ChannelValidationException("body", "notifications.error.body", "a channel is required");
        }
        return ChannelJson.of(channels.update(id, body.command()));
    }

    @Operation(
            operationId = "deleteNotificationChannel",
            summary = "Delete a notification channel",
            description =
                    "Deletes the channel with its deliveries, pending and past; audited. Needs OPERATOR (own teams) or"
                            + " ADMIN. Answers 204.")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        channels.delete(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(
            operationId = "testNotificationChannel",
            summary = "Send a test message",
            description = "Sends at once and answers the delivery: `SENT`, or `DEAD` with `lastError`.")
    @PostMapping("/{id}/test")
    Delivery test(@PathVariable long id) {
        return channels.sendTest(id);
    }

    @Operation(
            operationId = "listNotificationDeliveries",
            summary = "List a channel's deliveries",
            description = "Newest first, 50 per page: status `PENDING`, `DIGEST`, `SENT`, `DEAD` or `SUPPRESSED`.")
    @GetMapping("/{id}/deliveries")
    List<Delivery> deliveries(@PathVariable long id, @RequestParam(defaultValue = "0") int page) {
        return channels.deliveries(id, page);
    }
}
