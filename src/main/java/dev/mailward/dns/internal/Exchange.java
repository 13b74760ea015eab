package dev.mailward.dns.internal;

import java.time.Duration;
import org.xbill.DNS.Message;

/** One successful request/response (RCODE NOERROR or NXDOMAIN) and how it travelled. */
public record Exchange(Message response, String server, boolean tcp, Duration elapsed) {}
