package dev.mailward.inventory;

import dev.mailward.probe.Protocol;

/**
 * What a mail server endpoint is for, as the inventory names it (stored, shown and accepted in
 * forms and the API by these names). Each role is one {@link Protocol} of the one service/port
 * table, which holds its usual port and the SRV service that announces it; {@link #MX} is
 * {@link Protocol#SMTP}, announced by MX records.
 */
public enum EndpointRole {
    MX(Protocol.SMTP),
    SUBMISSION(Protocol.SUBMISSION),
    SUBMISSIONS(Protocol.SUBMISSIONS),
    IMAP(Protocol.IMAP),
    IMAPS(Protocol.IMAPS),
    POP3(Protocol.POP3),
    POP3S(Protocol.POP3S),
    MANAGESIEVE(Protocol.MANAGESIEVE);

    private final Protocol protocol;

    EndpointRole(Protocol protocol) {
        this.protocol = protocol;
    }

    /** The protocol spoken on an endpoint of this role. */
    public Protocol protocol() {
        return protocol;
    }

    /** The port this service usually listens on. */
    public int defaultPort() {
        return protocol.defaultPort();
    }

    /** The role of endpoints speaking {@code protocol}. */
    public static EndpointRole of(Protocol protocol) {
        for (EndpointRole r : values()) {
            if (r.protocol == protocol) {
                return r;
            }
        }
        throw new IllegalArgumentException("no role for " + protocol);
    }
}
