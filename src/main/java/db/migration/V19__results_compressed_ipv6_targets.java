package db.migration;

import dev.mailward.dns.AddressText;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * IPv6 result targets in the text people read: the {@code ptr} and {@code blocklist} checks used Java's long
 * form ({@code 2001:db8:0:0:0:0:0:1}) as their target, and write {@link AddressText}'s compressed form
 * ({@code 2001:db8::1}) since this version. Without this step the next scan records the compressed target beside
 * the long one, the long one stays current for ever (a target no longer measured is not replaced), and an
 * exception accepted for the long form no longer matches. So the current results and the exceptions are
 * rewritten with the very text the checks now write; where a compressed current result already exists, it wins
 * and the long one is dropped. History ({@code check_result}, {@code change_event}) keeps what was recorded then.
 *
 * <p>A Java migration so that the rewritten text is exactly {@link AddressText#of}'s.
 */
public class V19__results_compressed_ipv6_targets extends BaseJavaMigration {

    /** The long form {@link InetAddress#getHostAddress()} writes: eight groups, nothing compressed. */
    private static final Pattern LONG_FORM = Pattern.compile("([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}");

    private static final String CHECKS = "check_id in ('ptr', 'blocklist')";

    @Override
    public void migrate(Context context) throws Exception {
        rewrite(context.getConnection());
    }

    /** Rewrites the long-form IPv6 targets of {@code current_result} and {@code finding_exception}. */
    static void rewrite(Connection c) throws SQLException {
        List<String[]> current = new ArrayList<>(); // domain_id, check_id, target
        try (PreparedStatement s =
                        c.prepareStatement("select domain_id, check_id, target from current_result where " + CHECKS);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                if (LONG_FORM.matcher(rs.getString(3)).matches()) {
                    current.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        for (String[] row : current) {
            String compressed = compressed(row[2]);
            try (PreparedStatement s = c.prepareStatement("""
                    update current_result set target = ?
                    where domain_id = ? and check_id = ? and target = ?
                      and not exists (select 1 from current_result c
                                      where c.domain_id = ? and c.check_id = ? and c.target = ?)""")) {
                long domain = Long.parseLong(row[0]);
                s.setString(1, compressed);
                s.setLong(2, domain);
                s.setString(3, row[1]);
                s.setString(4, row[2]);
                s.setLong(5, domain);
                s.setString(6, row[1]);
                s.setString(7, compressed);
                if (s.executeUpdate() == 1) {
                    continue;
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "delete from current_result where domain_id = ? and check_id = ? and target = ?")) {
                s.setLong(1, Long.parseLong(row[0]));
                s.setString(2, row[1]);
                s.setString(3, row[2]);
                s.executeUpdate();
            }
        }
        List<Object[]> exceptions = new ArrayList<>(); // id, target
        try (PreparedStatement s = c.prepareStatement("select id, target from finding_exception where " + CHECKS);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                if (LONG_FORM.matcher(rs.getString(2)).matches()) {
                    exceptions.add(new Object[] {rs.getLong(1), rs.getString(2)});
                }
            }
        }
        for (Object[] row : exceptions) {
            try (PreparedStatement s = c.prepareStatement("update finding_exception set target = ? where id = ?")) {
                s.setString(1, compressed((String) row[1]));
                s.setLong(2, (Long) row[0]);
                s.executeUpdate();
            }
        }
    }

    private static String compressed(String longForm) {
        try {
            // a literal of eight hex groups: parsed without any lookup
            return AddressText.of(InetAddress.getByName(longForm));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an IPv6 address: " + longForm, e);
        }
    }
}
