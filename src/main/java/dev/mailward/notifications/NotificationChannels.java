package dev.mailward.notifications;

import dev.mailward.accounts.AccessScope;
import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.CurrentUser;
import dev.mailward.accounts.TeamRef;
import dev.mailward.checks.Mitigation;
import dev.mailward.shared.AuditableAction;
import dev.mailward.shared.SecretBox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The teams' notification channels, for the console's pages and the API. ADMIN manages the channels of any
 * team, OPERATOR those of their teams; AUDITOR sees those of their teams and changes nothing. Another team's
 * channel answers like an unknown one ({@link ChannelNotFoundException}). Every change is audited
 * ({@code notification.channel-created}, {@code -changed}, {@code -deleted}, {@code -tested},
 * {@code notification.delivery-retried}); the webhook secret is never part of an audit entry, a page or an
 * answer.
 */
@Service
public class NotificationChannels {

    /** Deliveries per page of {@link #deliveries}. */
    public static final int DELIVERIES_PAGE = 50;

    private static final Logger log = LoggerFactory.getLogger(NotificationChannels.class);
    private static final String WRITERS = "hasAnyRole('ADMIN','OPERATOR')";
    private static final int MAX_ADDRESSES = 20;

    private final ChannelStore channels;
    private final OutboxStore outbox;
    private final Accounts accounts;
    private final SecretBox secrets;
    private final WebhookSender webhook;
    private final Senders senders;
    private final NotificationMetrics metrics;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    NotificationChannels(
            ChannelStore channels,
            OutboxStore outbox,
            Accounts accounts,
            SecretBox secrets,
            WebhookSender webhook,
            Senders senders,
            NotificationMetrics metrics,
            TransactionTemplate tx,
            ApplicationEventPublisher events) {
        this.channels = channels;
        this.outbox = outbox;
        this.accounts = accounts;
        this.secrets = secrets;
        this.webhook = webhook;
        this.senders = senders;
        this.metrics = metrics;
        this.tx = tx;
        this.events = events;
    }

    /** The channels of the teams the user may see. */
    @PreAuthorize("isAuthenticated()")
    public List<Channel> list() {
        AccessScope scope = accounts.currentScope();
        Map<Long, String> teams = teamNames();
        return channels.list(scope.isAdmin() ? null : scope.teamIds()).stream()
                .map(r -> view(r, teams))
                .toList();
    }

    /** One channel of a team the user may see. */
    @PreAuthorize("isAuthenticated()")
    public Channel get(long id) {
        return view(visible(id), teamNames());
    }

    /** The teams in which the user may create channels. */
    @PreAuthorize("isAuthenticated()")
    public List<TeamRef> writableTeams() {
        return accounts.teamsWritableBy(accounts.currentScope());
    }

    /** Whether the user may change the channel's team's channels. */
    @PreAuthorize("isAuthenticated()")
    public boolean canWrite(long teamId) {
        return accounts.currentScope().canWrite(teamId);
    }

    /** Creates a channel; audited. */
    @PreAuthorize(WRITERS)
    public Channel create(ChannelCommand cmd) {
        ChannelCommand c = validate(cmd, true);
        requireWritable(c.teamId());
        String actor = CurrentUser.actorName();
        Long id = tx.execute(s -> {
            long created = channels.insert(c, seal(c.secret()), actor, Instant.now());
            audit(actor, c.teamId(), "notification.channel-created", created, describe(c));
            return created;
        });
        log.info("{} created notification channel {} ({}) of team {}", actor, id, c.kind(), c.teamId());
        return get(id == null ? 0 : id);
    }

    /** Replaces a channel's settings (a null secret keeps the stored one); audited. */
    @PreAuthorize(WRITERS)
    public Channel update(long id, ChannelCommand cmd) {
        ChannelStore.Row before = writable(id);
        ChannelCommand c = validate(
                new ChannelCommand(
                        cmd.teamId() == null ? before.teamId() : cmd.teamId(),
                        cmd.name(),
                        cmd.kind() == null ? before.kind() : cmd.kind(),
                        cmd.targets(),
                        cmd.secret(),
                        cmd.format(),
                        cmd.events(),
                        cmd.tags(),
                        cmd.mitigations(),
                        cmd.digest(),
                        cmd.enabled()),
                before.secretSealed() == null);
        requireWritable(c.teamId());
        String actor = CurrentUser.actorName();
        String sealed = c.secret() == null || c.secret().isEmpty() ? before.secretSealed() : seal(c.secret());
        tx.executeWithoutResult(s -> {
            channels.update(id, c, c.kind() == ChannelKind.WEBHOOK ? sealed : null, Instant.now());
            audit(
                    actor,
                    c.teamId(),
                    "notification.channel-changed",
                    id,
                    describe(c) + (c.secret() != null && !c.secret().isEmpty() ? " secret=replaced" : ""));
        });
        return get(id);
    }

    /** Deletes a channel and its deliveries; audited. */
    @PreAuthorize(WRITERS)
    public void delete(long id) {
        ChannelStore.Row c = writable(id);
        String actor = CurrentUser.actorName();
        tx.executeWithoutResult(s -> {
            channels.delete(id);
            audit(actor, c.teamId(), "notification.channel-deleted", id, c.kind() + " " + c.name());
        });
    }

    /**
     * Sends a test message through the channel now (not through the outbox: the answer says at once whether it
     * arrived) and keeps it as a {@code TEST} delivery, sent or dead with the reason; audited.
     *
     * @return the delivery
     */
    @PreAuthorize(WRITERS)
    public Delivery sendTest(long id) {
        ChannelStore.Row c = writable(id);
        String actor = CurrentUser.actorName();
        Instant now = Instant.now();
        String team = accounts.team(c.teamId()).map(TeamRef::name).orElse("#" + c.teamId());
        NotificationEvent test = new NotificationEvent(
                0,
                NotificationKind.TEST,
                c.teamId(),
                null,
                "",
                "",
                "",
                null,
                null,
                List.of(),
                null,
                "",
                now,
                now,
                null);
        long[] ids = tx.execute(s -> {
            long eventId = outbox.insertEvent(test);
            long d = outbox.insertOwnDelivery(eventId, c.id(), "PENDING", "TEST", now, now, 0);
            audit(actor, c.teamId(), "notification.channel-tested", id, c.kind() + " " + c.name());
            return new long[] {eventId, d};
        });
        long did = ids[1];
        NotificationEvent stored = outbox.event(ids[0]).orElse(test);
        try {
            senders.send(c, new Message("TEST", did, List.of(stored), 0, team), now);
            outbox.markSent(did, Instant.now());
            metrics.delivered("sent");
        } catch (SendFailed e) {
            outbox.markFailed(did, "DEAD", Instant.now(), e.getMessage());
            metrics.delivered("dead");
        }
        return outbox.deliveries(c.id(), 0, DELIVERIES_PAGE).stream()
                .filter(d -> d.id() == did)
                .findFirst()
                .orElseThrow();
    }

    /** A page of the channel's deliveries, newest first. */
    @PreAuthorize("isAuthenticated()")
    public List<Delivery> deliveries(long id, int page) {
        visible(id);
        return outbox.deliveries(id, Math.max(0, page) * DELIVERIES_PAGE, DELIVERIES_PAGE);
    }

    /** The dead deliveries of the channels the user may see, newest first (at most 100). */
    @PreAuthorize("isAuthenticated()")
    public List<Delivery> deadLetters() {
        return outbox.dead(list().stream().map(Channel::id).toList(), 100);
    }

    /** Makes a dead delivery due again now (its 25 hours of retries start again); audited. */
    @PreAuthorize(WRITERS)
    public void retry(long deliveryId) {
        long channelId = outbox.channelOfDelivery(deliveryId)
                .orElseThrow(() -> new ChannelNotFoundException("delivery", deliveryId));
        ChannelStore.Row c;
        try {
            c = writable(channelId);
        } catch (ChannelNotFoundException e) {
            throw new ChannelNotFoundException("delivery", deliveryId);
        }
        String actor = CurrentUser.actorName();
        tx.executeWithoutResult(s -> {
            if (outbox.retry(deliveryId, Instant.now())) {
                audit(actor, c.teamId(), "notification.delivery-retried", channelId, "delivery=" + deliveryId);
            }
        });
    }

    // ------------------------------------------------------------------ rules

    private ChannelStore.Row visible(long id) {
        AccessScope scope = accounts.currentScope();
        return channels.find(id)
                .filter(r -> scope.canSee(r.teamId()))
                .orElseThrow(() -> new ChannelNotFoundException("notification channel", id));
    }

    private ChannelStore.Row writable(long id) {
        ChannelStore.Row r = visible(id);
        requireWritable(r.teamId());
        return r;
    }

    private void requireWritable(long teamId) {
        AccessScope scope = accounts.currentScope();
        if (!scope.canSee(teamId) || accounts.team(teamId).isEmpty()) {
            throw new ChannelValidationException("teamId", "notifications.error.team", "unknown team " + teamId);
        }
        if (!scope.canWrite(teamId)) {
            throw new org.springframework.security.access.AccessDeniedException("not a writer of team " + teamId);
        }
    }

    /** Checks and normalises a command; {@code needSecret}: a webhook must get a secret now. */
    ChannelCommand validate(ChannelCommand c, boolean needSecret) {
        if (c == null) {
            throw new ChannelValidationException("body", "notifications.error.body", "a channel is required");
        }
        if (c.teamId() == null) {
            throw new ChannelValidationException("teamId", "notifications.error.team", "teamId is required");
        }
        if (c.kind() == null) {
            throw new ChannelValidationException("kind", "notifications.error.kind", "kind is EMAIL or WEBHOOK");
        }
        List<String> targets = new ArrayList<>();
        for (String t : c.targets() == null ? List.<String>of() : c.targets()) {
            for (String part : c.kind() == ChannelKind.EMAIL ? t.split("[,;\\s]+") : new String[] {t}) {
                if (!part.isBlank()) {
                    targets.add(part.strip());
                }
            }
        }
        PayloadFormat format;
        String secret = c.secret();
        if (c.kind() == ChannelKind.EMAIL) {
            if (targets.isEmpty() || targets.size() > MAX_ADDRESSES) {
                throw new ChannelValidationException(
                        "target", "notifications.error.addresses", "1 to " + MAX_ADDRESSES + " e-mail addresses");
            }
            for (String a : targets) {
                if (!EmailSender.validAddress(a)) {
                    throw new ChannelValidationException(
                            "target", "notifications.error.address", "'" + a + "' is not an e-mail address");
                }
            }
            format = PayloadFormat.EMAIL;
            secret = null;
        } else {
            if (targets.size() != 1 || targets.getFirst().length() > 2000) {
                throw new ChannelValidationException("target", "notifications.error.url", "one webhook URL");
            }
            Optional<String> refused = webhook.refusal(targets.getFirst());
            if (refused.isPresent()) {
                throw new ChannelValidationException(
                        "target", "notifications.error.url", "webhook URL refused: " + refused.get());
            }
            format = c.format() == null || c.format() == PayloadFormat.EMAIL ? PayloadFormat.GENERIC : c.format();
            boolean given = secret != null && !secret.isEmpty();
            if ((needSecret || given) && (secret == null || secret.length() < 16 || secret.length() > 200)) {
                throw new ChannelValidationException(
                        "secret", "notifications.error.secret", "a secret of 16 to 200 characters");
            }
        }
        String name = c.name() == null || c.name().isBlank()
                ? (c.kind() == ChannelKind.EMAIL ? targets.getFirst() : hostOf(targets.getFirst()))
                : c.name().strip();
        if (name.length() > 100) {
            throw new ChannelValidationException("name", "notifications.error.name", "at most 100 characters");
        }
        Set<NotificationKind> events = c.events() == null || c.events().isEmpty() ? null : EnumSet.copyOf(c.events());
        if (events != null) {
            events.remove(NotificationKind.TEST);
        }
        List<String> tags = clean(c.tags());
        List<String> mitigations = clean(c.mitigations());
        for (String m : mitigations) {
            try {
                Mitigation.fromId(m);
            } catch (IllegalArgumentException e) {
                throw new ChannelValidationException(
                        "mitigations", "notifications.error.mitigation", "unknown mitigation '" + m + "'");
            }
        }
        return new ChannelCommand(
                c.teamId(),
                name,
                c.kind(),
                List.copyOf(targets),
                secret,
                format,
                events,
                tags,
                mitigations,
                c.digest(),
                c.enabled());
    }

    private static List<String> clean(List<String> in) {
        if (in == null) {
            return List.of();
        }
        return List.copyOf(new LinkedHashSet<>(in.stream()
                .flatMap(s -> List.of(s.split("[,\\s]+")).stream())
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList()));
    }

    private static String hostOf(String url) {
        try {
            String h = java.net.URI.create(url).getHost();
            return h == null ? url : h;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private String seal(String secret) {
        return secret == null || secret.isEmpty() ? null : secrets.seal(secret);
    }

    private Map<Long, String> teamNames() {
        return accounts.teams().stream().collect(Collectors.toMap(TeamRef::id, TeamRef::name, (a, b) -> a));
    }

    private static Channel view(ChannelStore.Row r, Map<Long, String> teams) {
        return new Channel(
                r.id(),
                r.teamId(),
                teams.getOrDefault(r.teamId(), "#" + r.teamId()),
                r.name(),
                r.kind(),
                r.targets(),
                r.secretSealed() != null,
                r.format(),
                r.events(),
                r.tags(),
                r.mitigations(),
                r.digest(),
                r.enabled(),
                r.createdAt(),
                r.createdBy(),
                r.updatedAt());
    }

    /** The audit detail of a channel: kind, targets, format, filters; never the secret. */
    private static String describe(ChannelCommand c) {
        return c.kind() + " " + c.name() + " targets=" + String.join(",", c.targets()) + " format=" + c.format()
                + " events=" + (c.events() == null ? "all" : c.events()) + " tags=" + c.tags() + " mitigations="
                + c.mitigations() + " digest=" + c.digest() + " enabled=" + c.enabled();
    }

    private void audit(String actor, long teamId, String action, long channelId, String detail) {
        events.publishEvent(
                AuditableAction.forTeam(actor, teamId, action, "notification-channel:" + channelId, detail));
    }
}
