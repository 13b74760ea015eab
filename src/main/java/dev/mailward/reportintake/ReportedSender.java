package dev.mailward.reportintake;

/**
 * A source address that sent mail as the domain with a DKIM signature that passed aligned with it, while SPF
 * did not pass aligned for any of those messages: a sender the domain uses that its SPF record does not
 * name (or a forwarder; the reports cannot tell the two apart by themselves).
 *
 * @param ip the source address as reported
 * @param messages the messages of those rows in the period
 */
public record ReportedSender(String ip, long messages) {}
