-- Configuration audit: the module that owns uploaded server configurations and their audit took over
-- the tables V9 created when the module was called serverconfig (issue 16 renamed it configaudit and
-- moved the audit rules into it). Rows and columns stay as they are; the comments say who owns them,
-- and ArchitectureTests reads ownership from them.
comment on table server_config_upload is 'Owned by the configaudit module: uploaded configurations of a mail server, one version each.';
comment on table server_config_correlation is 'Owned by the configaudit module: what the probes saw against the latest upload.';
