package dev.mailward.checks.spf;

import dev.mailward.checks.spf.SpfDns.Kind;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsSession;
import dev.mailward.dns.DnsWords;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** {@link SpfDns} over a budgeted {@link DnsSession}: every answer becomes evidence of the check. */
final class DnsSessionSpfDns implements SpfDns {

    private final DnsSession session;

    DnsSessionSpfDns(DnsSession session) {
        this.session = session;
    }

    @Override
    public Lookup<List<String>> txt(String name) {
        Optional<String> q = queryable(name);
        if (q.isEmpty()) {
            return unqueryable(name);
        }
        DnsAnswer a = session.lookup(q.get(), Type.TXT);
        if (!a.outcome().isAnswer()) {
            return Lookup.error(describe(a));
        }
        List<List<String>> out = new ArrayList<>();
        for (TXTRecord t : a.recordsOf(TXTRecord.class)) {
            List<String> strings = new ArrayList<>();
            for (byte[] s : t.getStringsAsByteArrays()) {
                strings.add(new String(s, StandardCharsets.ISO_8859_1));
            }
            out.add(strings);
        }
        return out.isEmpty() ? Lookup.voidResult(a.outcome().name()) : Lookup.found(out);
    }

    @Override
    public Lookup<InetAddress> addresses(String name, boolean ipv6) {
        Optional<String> q = queryable(name);
        if (q.isEmpty()) {
            return unqueryable(name);
        }
        DnsAnswer a = session.lookup(q.get(), ipv6 ? Type.AAAA : Type.A);
        if (!a.outcome().isAnswer()) {
            return Lookup.error(describe(a));
        }
        List<InetAddress> out = new ArrayList<>();
        for (InetAddress addr : a.addresses()) {
            if ((addr.getAddress().length == 16) == ipv6) {
                out.add(addr);
            }
        }
        return out.isEmpty() ? Lookup.voidResult(a.outcome().name()) : Lookup.found(out);
    }

    @Override
    public Lookup<MxHost> mx(String name) {
        Optional<String> q = queryable(name);
        if (q.isEmpty()) {
            return unqueryable(name);
        }
        DnsAnswer a = session.lookup(q.get(), Type.MX);
        if (!a.outcome().isAnswer()) {
            return Lookup.error(describe(a));
        }
        List<MxHost> out = new ArrayList<>();
        for (MXRecord mx : a.recordsOf(MXRecord.class)) {
            out.add(new MxHost(mx.getPriority(), plain(mx.getTarget().toString())));
        }
        out.sort(Comparator.comparingInt(MxHost::preference));
        return out.isEmpty() ? Lookup.voidResult(a.outcome().name()) : Lookup.found(out);
    }

    @Override
    public Lookup<String> ptr(String name) {
        Optional<String> q = queryable(name);
        if (q.isEmpty()) {
            return unqueryable(name);
        }
        DnsAnswer a = session.lookup(q.get(), Type.PTR);
        if (!a.outcome().isAnswer()) {
            return Lookup.error(describe(a));
        }
        List<String> out = new ArrayList<>();
        for (PTRRecord p : a.recordsOf(PTRRecord.class)) {
            out.add(plain(p.getTarget().toString()));
        }
        return out.isEmpty() ? Lookup.voidResult(a.outcome().name()) : Lookup.found(out);
    }

    private static String describe(DnsAnswer a) {
        return DnsWords.reason(a);
    }

    /**
     * The name as the shared resolver takes it (trailing dot). Names from SPF records may hold any
     * visible character after macro expansion (RFC 7208 §7.1; RFC 2181 §11 allows any octet in a
     * label), so only control characters and non-ASCII keep a name from being asked.
     */
    static Optional<String> queryable(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return Optional.empty();
            }
        }
        return Optional.of(name.endsWith(".") ? name : name + ".");
    }

    private static <T> Lookup<T> unqueryable(String name) {
        return new Lookup<>(
                Kind.UNQUERYABLE, List.of(), "name '" + name + "' has control or non-ASCII characters and is not sent");
    }

    /** A presentation-format name from dnsjava as plain text: escapes decoded, no trailing dot. */
    static String plain(String presentation) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < presentation.length(); i++) {
            char c = presentation.charAt(i);
            if (c == '\\' && i + 1 < presentation.length()) {
                if (i + 3 < presentation.length() && Character.isDigit(presentation.charAt(i + 1))) {
                    sb.append((char) Integer.parseInt(presentation.substring(i + 1, i + 4)));
                    i += 3;
                } else {
                    sb.append(presentation.charAt(++i));
                }
            } else {
                sb.append(c);
            }
        }
        String s = sb.toString();
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
