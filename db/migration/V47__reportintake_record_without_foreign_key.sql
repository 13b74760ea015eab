-- A DMARC report's records are written in one COPY stream in the transaction that inserted the report
-- (ReportStore#writeDmarc), and deleted with it (ReportRetention deletes the records of a batch, then its reports).
-- The foreign key made PostgreSQL look the same report up once per record: for a large reporter's daily report of
-- 157,000 records that was about 1 s of the import's 2 s of database time (src/bench/reportintake/README.md).
-- reportintake owns both tables and is their only writer; ReportRetentionIntegrationTests and
-- StreamedImportIntegrationTests check that no record outlives its report.
alter table reportintake_dmarc_record drop constraint reportintake_dmarc_record_report_id_fkey;
