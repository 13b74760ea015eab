package dev.mailward.checks.smtp;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds software names and version numbers in greetings. */
public final class Banners {

    private static final Pattern SOFTWARE = Pattern.compile(
            "(?i)\\b(postfix|exim|sendmail|microsoft esmtp|exchange|qmail|haraka|opensmtpd|zimbra|kerio|mdaemon"
                    + "|communigate|dovecot|cyrus|courier|uw imapd|zarafa|ubuntu|debian|centos|red ?hat|freebsd)\\b");
    // a dotted number such as 4.96 or 8.15.2 (a version), but not an IP address
    private static final Pattern VERSION = Pattern.compile("(?<![\\d.])\\d{1,3}\\.\\d{1,3}(\\.\\d{1,4})?(?![\\d.])");

    private Banners() {}

    /** What the banner reveals, e.g. "software 'Exim', version '4.96'", or empty. */
    public static Optional<String> reveals(String banner) {
        Matcher s = SOFTWARE.matcher(banner);
        Matcher v = VERSION.matcher(banner);
        boolean sw = s.find();
        boolean ver = v.find();
        if (!sw && !ver) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder();
        if (sw) {
            b.append("software '").append(s.group()).append("'");
        }
        if (ver) {
            b.append(sw ? ", " : "").append("version '").append(v.group()).append("'");
        }
        return Optional.of(b.toString());
    }
}
