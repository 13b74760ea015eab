package db.migration;

import dev.mailward.configaudit.UploadRedaction;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Redacts the configuration uploads stored before the redactor knew the inline credential forms
 * of Postfix lookup tables ({@code static:}, {@code inline:{…}}, {@code -o} overrides) and more
 * Dovecot and Rspamd secrets: the current redactor runs over every stored upload, and the texts,
 * redaction list, SHA-256 (of the stored text), audit and status of those that change are
 * updated, each with a {@code server.config.redacted} audit entry ({@link UploadRedaction}).
 *
 * <p>A Java migration because the redactor is Java; Flyway finds it on the classpath location
 * {@code db/migration} (package {@code db.migration}) beside the SQL migrations and runs it in the
 * same transaction as a SQL migration would.
 */
public class V14__serverconfig_redact_stored_secrets extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        UploadRedaction.redactStored(context.getConnection());
    }
}
