package dev.mailward.notifications;

import dev.mailward.rolematrix.RoleMatrixContext;
import dev.mailward.rolematrix.RoleMatrixFixture;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Rows for {@code role-matrix/notifications.tsv}: an e-mail channel of team A ({@code channelId}), one the
 * ADMIN row may delete ({@code spareChannelId}) and a dead delivery of the first ({@code deadDeliveryId}).
 */
public class NotificationsRoleMatrixFixture implements RoleMatrixFixture {

    private final ChannelStore channels;
    private final OutboxStore outbox;

    public NotificationsRoleMatrixFixture(ChannelStore channels, OutboxStore outbox) {
        this.channels = channels;
        this.outbox = outbox;
    }

    @Override
    public Map<String, String> create(RoleMatrixContext context) {
        long team = context.teamA().id();
        ChannelCommand mail = new ChannelCommand(
                team,
                "matrix",
                ChannelKind.EMAIL,
                List.of("matrix@example.test"),
                null,
                PayloadFormat.EMAIL,
                null,
                List.of(),
                List.of(),
                false,
                true);
        long channel = channels.insert(mail, null, "matrix", Instant.now());
        long spare = channels.insert(mail, null, "matrix", Instant.now());
        long dead = outbox.insertOwnDelivery(null, channel, "DEAD", "SUMMARY", Instant.now(), Instant.now(), 1);
        return Map.of(
                "channelId", String.valueOf(channel),
                "spareChannelId", String.valueOf(spare),
                "deadDeliveryId", String.valueOf(dead));
    }
}
