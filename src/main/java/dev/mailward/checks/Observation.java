package dev.mailward.checks;

/**
 * What one check family observed for one domain, before any judgement: a record of plain data
 * (strings, numbers, enums, {@code Instant}/{@code Duration}, {@code Optional}, lists, nested
 * records, {@link dev.mailward.dns.DnsAnswer}, {@link java.net.InetAddress}, dnsjava records), so
 * that {@link ObservationJson} can store it and give it back equal. Its family's
 * {@link Check#analyse} judges it without network and without the clock: the observation carries
 * the times its results report.
 *
 * <p>A family's observation record is a stored format: add components rather than change them.
 */
public interface Observation {}
