package dev.mailward.configaudit;

import dev.mailward.checks.CheckResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secret redaction of an upload as a whole, on intake and over what is already stored.
 *
 * <p>The two Postfix parts are redacted together: a parameter that {@code main.cf} defines and a
 * {@code master.cf} override uses as its credential table ({@code -o
 * smtp_sasl_password_maps=$relay_creds}) is a credential table in both
 * ({@link Redactor#credentialReferences}).
 *
 * <p>{@link #redactStored} re-runs the current {@link Redactor} over every stored upload (migration
 * V14, for uploads stored before the redactor knew a form). The stored SHA-256 keeps its meaning,
 * the hash of the stored (redacted) texts ({@link ServerConfigService#sha256}), so it is recomputed
 * for an upload whose text changed, and the audit is re-run over the new text (its evidence quotes
 * lines). Each such upload gets a {@code server.config.redacted} audit entry naming the version, the
 * new and the previous hash, so that the {@code server.config.uploaded} entry with the old hash
 * still leads to it. Redactions found this way are appended to the upload's list; their line
 * numbers count the lines of the text as it was stored (the same as the upload's, unless a
 * multi-line private key was removed above them).
 */
public final class UploadRedaction {

    /** The audit action of an upload redacted again after storage. */
    public static final String REDACTED_ACTION = "server.config.redacted";

    private static final Logger log = LoggerFactory.getLogger(UploadRedaction.class);
    private static final int BATCH = 50;

    private UploadRedaction() {}

    /** Redacts the texts of one upload. */
    static Map<ConfigFile, Redactor.Redacted> redact(Map<ConfigFile, String> texts) {
        Set<String> credentials =
                Redactor.credentialReferences(texts.get(ConfigFile.POSTCONF), texts.get(ConfigFile.MASTER));
        Map<ConfigFile, Redactor.Redacted> out = new EnumMap<>(ConfigFile.class);
        texts.forEach((file, text) -> out.put(
                file,
                switch (file) {
                    case POSTCONF, MASTER -> redactText(text, credentials);
                    case DOVECONF, RSPAMD -> redactText(text, Redactor.credentialReferences(text));
                }));
        return out;
    }

    /**
     * Redacts every stored upload again with the current {@link Redactor} and updates the texts,
     * redaction list, hash, audit and status of those whose text changed; one audit entry each.
     * Runs in the caller's transaction; reads the uploads in batches.
     *
     * @return how many uploads changed
     */
    public static int redactStored(Connection c) throws SQLException {
        int changed = 0;
        long after = 0;
        while (true) {
            List<Stored> batch = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("""
                    select u.id, u.version, u.sha256, u.main_cf, u.master_cf, u.doveconf, u.rspamd, u.redactions::text,
                        m.hostname, m.team_id
                    from server_config_upload u join mail_server m on m.id = u.server_id
                    where u.id > ? order by u.id limit ?""")) {
                q.setLong(1, after);
                q.setInt(2, BATCH);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        Map<ConfigFile, String> files = new EnumMap<>(ConfigFile.class);
                        int col = 3;
                        for (ConfigFile f : ConfigFile.values()) {
                            String text = rs.getString(++col);
                            if (text != null) {
                                files.put(f, text);
                            }
                        }
                        batch.add(new Stored(
                                rs.getLong(1),
                                rs.getInt(2),
                                rs.getString(3).strip(),
                                files,
                                rs.getString(8),
                                rs.getString(9),
                                rs.getLong(10)));
                    }
                }
            }
            if (batch.isEmpty()) {
                break;
            }
            for (Stored s : batch) {
                if (redactAgain(c, s)) {
                    changed++;
                }
                after = s.id();
            }
        }
        log.info("Stored configuration uploads redacted again: {} changed", changed);
        return changed;
    }

    private static boolean redactAgain(Connection c, Stored s) throws SQLException {
        Map<ConfigFile, Redactor.Redacted> again = redact(s.files());
        Map<ConfigFile, String> texts = new EnumMap<>(ConfigFile.class);
        List<RedactedKey> redactions = new ArrayList<>(ResultJson.readRedactions(s.redactionsJson()));
        int found = 0;
        for (var e : again.entrySet()) {
            texts.put(e.getKey(), e.getValue().text());
            for (Redactor.Redaction r : e.getValue().redactions()) {
                redactions.add(new RedactedKey(e.getKey(), r.line(), r.key()));
                found++;
            }
        }
        if (texts.equals(s.files())) {
            return false;
        }
        String hash = ServerConfigService.sha256(texts);
        CheckResult audit = ConfigAudit.audit(ConfigBundle.of(
                s.hostname(),
                texts.get(ConfigFile.POSTCONF),
                texts.get(ConfigFile.MASTER),
                texts.get(ConfigFile.DOVECONF),
                texts.get(ConfigFile.RSPAMD)));
        try (PreparedStatement u = c.prepareStatement("""
                update server_config_upload set main_cf = ?, master_cf = ?, doveconf = ?, rspamd = ?,
                    redactions = cast(? as jsonb), sha256 = ?, status = ?, audit_result = cast(? as jsonb)
                where id = ?""")) {
            int col = 0;
            for (ConfigFile f : ConfigFile.values()) {
                u.setString(++col, texts.get(f));
            }
            u.setString(5, ResultJson.writeRedactions(redactions));
            u.setString(6, hash);
            u.setString(7, audit.status().name());
            u.setString(8, ResultJson.write(audit));
            u.setLong(9, s.id());
            u.executeUpdate();
        }
        try (PreparedStatement a = c.prepareStatement("""
                insert into audit_log (actor, action, target, detail, team_id) values (?, ?, ?, ?, ?)""")) {
            a.setString(1, "system");
            a.setString(2, REDACTED_ACTION);
            a.setString(3, "server:" + s.hostname());
            a.setString(
                    4,
                    "version=" + s.version() + " sha256=" + hash + " previous-sha256=" + s.sha256() + " redacted="
                            + found + " status=" + audit.status() + " (stored upload redacted again)");
            a.setLong(5, s.teamId());
            a.executeUpdate();
        }
        log.info("Configuration version {} of server {}: {} more secrets redacted", s.version(), s.hostname(), found);
        return true;
    }

    /**
     * Redacts a text as stored. Earlier redactions can have made a stored text a little longer than
     * the intake cap ({@code <redacted>} for a shorter secret); such a text is redacted in pieces
     * of whole lines instead of being refused.
     */
    private static Redactor.Redacted redactText(String text, Set<String> credentials) {
        if (ConfigBundle.refusal("upload", text).isEmpty()) {
            return Redactor.redact(text, credentials);
        }
        StringBuilder out = new StringBuilder(text.length());
        List<Redactor.Redaction> done = new ArrayList<>();
        int lines = 0;
        int from = 0;
        while (from < text.length()) {
            int to = Math.min(text.length(), from + ConfigBundle.MAX_CHARS / 2);
            int nl = text.lastIndexOf('\n', to - 1);
            to = to == text.length() || nl < from ? to : nl + 1;
            String piece = text.substring(from, to);
            Redactor.Redacted r = ConfigBundle.refusal("upload", piece).isEmpty()
                    ? Redactor.redact(piece, credentials)
                    : new Redactor.Redacted(
                            Redactor.MASK + "\n", List.of(new Redactor.Redaction(1, "unreadable text")));
            out.append(r.text());
            int offset = lines;
            r.redactions().forEach(x -> done.add(new Redactor.Redaction(offset + x.line(), x.key())));
            lines += (int) piece.chars().filter(ch -> ch == '\n').count();
            from = to;
        }
        return new Redactor.Redacted(out.toString(), done);
    }

    private record Stored(
            long id,
            int version,
            String sha256,
            Map<ConfigFile, String> files,
            String redactionsJson,
            String hostname,
            long teamId) {}
}
