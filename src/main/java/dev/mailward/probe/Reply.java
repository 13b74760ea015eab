package dev.mailward.probe;

import java.util.List;

/**
 * A server reply: its status ({@code 250} for SMTP, {@code +OK}/{@code -ERR} for POP3,
 * {@code OK}/{@code NO}/{@code BAD}/{@code BYE} for IMAP and ManageSieve) and its lines as
 * received (escaped).
 */
public record Reply(String status, List<String> lines) {

    public Reply {
        lines = List.copyOf(lines);
    }

    /** The lines joined with " / ", for messages. */
    public String text() {
        return String.join(" / ", lines);
    }

    /** For SMTP: the first digit of the code ({@code '2'} for 250), or {@code '?'}. */
    public char smtpClass() {
        return status.length() == 3 && Character.isDigit(status.charAt(0)) ? status.charAt(0) : '?';
    }
}
