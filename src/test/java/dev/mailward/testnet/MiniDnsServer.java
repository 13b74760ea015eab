package dev.mailward.testnet;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Interim authoritative DNS server over UDP on 127.0.0.1 for the dkim/mta-sts/tls-rpt tests,
 * until the shared {@code dev.mailward.testdns.TestDnsServer} is merged. Serves records given
 * in presentation format, NXDOMAIN for unknown names, NODATA for empty non-terminals, SERVFAIL
 * or silence for names marked so; honours the EDNS0 buffer size (TC beyond it).
 */
public final class MiniDnsServer implements AutoCloseable {

    private final DatagramSocket socket;
    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final Set<Name> servfail = ConcurrentHashMap.newKeySet();
    private final Set<Name> silent = ConcurrentHashMap.newKeySet();

    public MiniDnsServer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofPlatform().daemon().name("mini-dns").start(this::loop);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    /** Adds one record, e.g. {@code add("example.test. 300 IN MX 10 mx.example.test.")}. */
    public MiniDnsServer add(String line) {
        try {
            String[] p = line.trim().split("\\s+", 5);
            Name name = Name.fromString(p[0], Name.root);
            Record r = Record.fromString(name, Type.value(p[3]), DClass.IN, Long.parseLong(p[1]), p[4], Name.root);
            records.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
            return this;
        } catch (IOException e) {
            throw new IllegalArgumentException(line, e);
        }
    }

    /** Adds a TXT record made of the given character-strings (each at most 255 octets). */
    public MiniDnsServer txt(String name, String... strings) {
        try {
            Name n = Name.fromString(name, Name.root);
            records.computeIfAbsent(n, k -> new ArrayList<>()).add(new TXTRecord(n, DClass.IN, 300, List.of(strings)));
            return this;
        } catch (IOException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    /** Adds a TXT record whose value is split into 255-octet strings as publishers do. */
    public MiniDnsServer longTxt(String name, String value) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            parts.add(value.substring(i, Math.min(value.length(), i + 255)));
        }
        return txt(name, parts.toArray(String[]::new));
    }

    public MiniDnsServer servfail(String name) {
        servfail.add(Name.fromConstantString(name.endsWith(".") ? name : name + "."));
        return this;
    }

    public MiniDnsServer silent(String name) {
        silent.add(Name.fromConstantString(name.endsWith(".") ? name : name + "."));
        return this;
    }

    private void loop() {
        byte[] buf = new byte[65_535];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                byte[] out = answer(q);
                if (out != null) {
                    socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                }
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] answer(Message q) {
        Record question = q.getQuestion();
        Name name = question.getName();
        if (silent.contains(name)) {
            return null;
        }
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.AA);
        if (q.getHeader().getFlag(Flags.RD)) {
            r.getHeader().setFlag(Flags.RD);
        }
        r.getHeader().setFlag(Flags.RA);
        r.addRecord(question, Section.QUESTION);
        OPTRecord opt = q.getOPT();
        int limit = opt == null ? 512 : Math.max(512, opt.getPayloadSize());
        if (opt != null) {
            r.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        }
        if (servfail.contains(name)) {
            r.getHeader().setRcode(Rcode.SERVFAIL);
            return r.toWire();
        }
        Name current = name;
        for (int hops = 0; hops < 8; hops++) {
            List<Record> at = records.get(current);
            if (at == null) {
                boolean ent = records.keySet().stream().anyMatch(k -> k.subdomain(name) && !k.equals(name));
                if (!ent && hops == 0) {
                    r.getHeader().setRcode(Rcode.NXDOMAIN);
                }
                break;
            }
            List<Record> match = at.stream().filter(x -> x.getType() == question.getType()).toList();
            if (!match.isEmpty()) {
                match.forEach(x -> r.addRecord(x, Section.ANSWER));
                break;
            }
            Record cname = at.stream().filter(x -> x.getType() == Type.CNAME).findFirst().orElse(null);
            if (cname == null) {
                break;
            }
            r.addRecord(cname, Section.ANSWER);
            current = ((org.xbill.DNS.CNAMERecord) cname).getTarget();
        }
        byte[] wire = r.toWire();
        if (wire.length > limit) {
            r.removeAllRecords(Section.ANSWER);
            r.getHeader().setFlag(Flags.TC);
            wire = r.toWire();
        }
        return wire;
    }

    @Override
    public void close() {
        socket.close();
    }
}
