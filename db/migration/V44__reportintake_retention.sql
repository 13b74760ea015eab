-- Report intake retention (mailward.reports.intake.retention): the purge finds reports whose period ended
-- before the cut-off, and rejected files received before it, through these indexes in bounded batches.
create index reportintake_dmarc_report_period_end on reportintake_dmarc_report (period_end);
create index reportintake_tls_report_period_end on reportintake_tls_report (period_end);
