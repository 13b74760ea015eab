package dev.mailward.reportintake;

/** A domain with stored reports: id, name (A-label), DMARC reports and TLS reports about it. */
public record ReportedDomain(long id, String name, long dmarcReports, long tlsReports) {}
