package dev.mailward.testdns;

import dev.mailward.testdns.LoggedQuery.Transport;
import dev.mailward.testdns.ServedZone.RecordSet;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A real DNS server on 127.0.0.1 (UDP and TCP on the same ephemeral port) that behaves like a
 * recursive resolver in front of the zones loaded into it. See the package Javadoc for usage.
 *
 * <p>Thread-safe: zones, faults and flags may be changed while queries are being served; each
 * query sees one consistent snapshot of the zones.
 */
public final class TestDnsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TestDnsServer.class);

    /** UDP payload size this server advertises in its OPT record (the DNS flag day 2020 value). */
    public static final int ADVERTISED_UDP_SIZE = 1232;

    /** Longest CNAME chain followed for one answer; a resolver gives up too (BIND stops at 16). */
    public static final int MAX_CNAME_CHAIN = 64;

    private static final int MAX_LOGGED_QUERIES = 100_000;
    private static final int MAX_QUERIES_PER_CONNECTION = 10_000;
    private static final Duration TCP_IDLE_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_TCP_CONNECTIONS = 32;
    private static final int ANY_TYPE = 0;

    private static final InetAddress LOOPBACK;

    static {
        try {
            LOOPBACK = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private sealed interface Fault {}

    private record Timeout() implements Fault {}

    private record Respond(int rcode) implements Fault {}

    private record TruncateUdp() implements Fault {}

    private record Key(Name name, int type) {}

    private record Reply(byte[] wire, Duration delay) {}

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor connections;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Thread udpThread;
    private final Thread tcpThread;
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private final Object zoneLock = new Object();
    private volatile Map<Name, ServedZone> zones = Map.of();
    private final Map<Key, Fault> faults = new ConcurrentHashMap<>();
    private final Map<Key, Duration> delays = new ConcurrentHashMap<>();
    private final Set<Key> bogus = ConcurrentHashMap.newKeySet();
    private final Map<Name, Boolean> secureOverrides = new ConcurrentHashMap<>();
    private volatile boolean adBit;
    private volatile int outOfZoneRcode;

    private final List<LoggedQuery> queryLog = new ArrayList<>();
    private final AtomicInteger queryCount = new AtomicInteger();

    private TestDnsServer(Builder builder) {
        this.adBit = builder.adBit;
        this.outOfZoneRcode = builder.outOfZoneRcode;
        Map<Name, ServedZone> initial = new HashMap<>();
        for (ServedZone zone : builder.zones) {
            if (initial.put(zone.origin(), zone) != null) {
                throw new IllegalArgumentException("zone " + zone.origin() + " given twice");
            }
        }
        this.zones = Map.copyOf(initial);
        builder.secure.forEach(secureOverrides::put);

        Sockets sockets = bindSamePort();
        this.udp = sockets.udp();
        this.tcp = sockets.tcp();
        String prefix = "testdns-" + tcp.getLocalPort() + "-";
        this.workers = new ThreadPoolExecutor(
                builder.workerThreads,
                builder.workerThreads,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1024),
                threads(prefix + "worker"));
        this.connections = new ThreadPoolExecutor(
                0, MAX_TCP_CONNECTIONS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), threads(prefix + "tcp"));
        this.scheduler = new ScheduledThreadPoolExecutor(1, threads(prefix + "delay"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.udpThread = threads(prefix + "udp").newThread(this::receiveUdp);
        this.tcpThread = threads(prefix + "accept").newThread(this::acceptTcp);
        udpThread.start();
        tcpThread.start();
        log.debug("test DNS server listening on 127.0.0.1:{} with zones {}", port(), zones.keySet());
    }

    /** Starts a server without zones (every query is answered REFUSED until zones are added). */
    public static TestDnsServer start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures a server before it starts. */
    public static final class Builder {

        private final List<ServedZone> zones = new ArrayList<>();
        private final Map<Name, Boolean> secure = new HashMap<>();
        private int outOfZoneRcode = Rcode.REFUSED;
        private boolean adBit;
        private int workerThreads = 8;

        private Builder() {}

        /** Adds a zone from master-format text; the origin is the owner of its SOA record. */
        public Builder zone(String zoneText) {
            zones.add(ServedZone.fromText(zoneText, Optional.empty()));
            return this;
        }

        /** Adds a zone from master-format text whose relative names are relative to {@code origin}. */
        public Builder zone(String origin, String zoneText) {
            zones.add(ServedZone.fromText(zoneText, Optional.of(ZoneText.name(origin))));
            return this;
        }

        /** Adds a zone from a classpath resource, e.g. {@code "zones/example.test.zone"}. */
        public Builder zoneResource(String resourcePath) {
            return zone(readResource(resourcePath));
        }

        /** Adds every zone of a signed (or partly signed) chain, see {@link TestZoneSigner#chain()}. */
        public Builder zones(SignedZones chain) {
            chain.zones().forEach(z -> zones.add(ServedZone.of(z.origin(), z.records())));
            return this;
        }

        /** Rcode for names outside every loaded zone: {@link Rcode#REFUSED} (default) or SERVFAIL. */
        public Builder outOfZoneRcode(int rcode) {
            this.outOfZoneRcode = rcode;
            return this;
        }

        /** Behave like a validating resolver: set AD on answers from secure zones. */
        public Builder adBit(boolean enabled) {
            this.adBit = enabled;
            return this;
        }

        /** Overrides whether a zone counts as secure for {@link #adBit(boolean)}. */
        public Builder secure(String origin, boolean isSecure) {
            secure.put(ZoneText.name(origin), isSecure);
            return this;
        }

        /** Bound on concurrently handled UDP queries (excess queries queue, then get dropped). */
        public Builder workerThreads(int count) {
            if (count < 1 || count > 256) {
                throw new IllegalArgumentException("workerThreads must be 1..256, was " + count);
            }
            this.workerThreads = count;
            return this;
        }

        public TestDnsServer start() {
            return new TestDnsServer(this);
        }
    }

    // ---------------------------------------------------------------- endpoint

    public int port() {
        return tcp.getLocalPort();
    }

    /** 127.0.0.1 and {@link #port()}: where UDP and TCP queries go. */
    public InetSocketAddress address() {
        return new InetSocketAddress(LOOPBACK, port());
    }

    // ---------------------------------------------------------------- zones

    /** Adds a zone; fails if a zone with the same origin is already loaded. */
    public TestDnsServer addZone(String zoneText) {
        return put(ServedZone.fromText(zoneText, Optional.empty()), false);
    }

    public TestDnsServer addZone(String origin, String zoneText) {
        return put(ServedZone.fromText(zoneText, Optional.of(ZoneText.name(origin))), false);
    }

    public TestDnsServer addZoneResource(String resourcePath) {
        return addZone(readResource(resourcePath));
    }

    /** Adds (or replaces) every zone of a chain made by {@link TestZoneSigner#chain()}. */
    public TestDnsServer addZones(SignedZones chain) {
        chain.zones().forEach(z -> put(ServedZone.of(z.origin(), z.records()), true));
        return this;
    }

    /** Replaces the zone with the same origin (or adds it): later queries see the new data. */
    public TestDnsServer replaceZone(String zoneText) {
        return put(ServedZone.fromText(zoneText, Optional.empty()), true);
    }

    public TestDnsServer replaceZone(String origin, String zoneText) {
        return put(ServedZone.fromText(zoneText, Optional.of(ZoneText.name(origin))), true);
    }

    /** Replaces (or adds) one signed zone, e.g. after re-signing it with different data. */
    public TestDnsServer replaceZone(SignedZone zone) {
        return put(ServedZone.of(zone.origin(), zone.records()), true);
    }

    public TestDnsServer removeZone(String origin) {
        Name name = ZoneText.name(origin);
        synchronized (zoneLock) {
            Map<Name, ServedZone> copy = new HashMap<>(zones);
            if (copy.remove(name) == null) {
                throw new IllegalArgumentException("no zone " + name + " is loaded");
            }
            zones = Map.copyOf(copy);
        }
        return this;
    }

    /** The loaded zone as master-format text, one record per line. */
    public Optional<String> zoneText(String origin) {
        return Optional.ofNullable(zones.get(ZoneText.name(origin))).map(ServedZone::text);
    }

    private TestDnsServer put(ServedZone zone, boolean replace) {
        synchronized (zoneLock) {
            if (!replace && zones.containsKey(zone.origin())) {
                throw new IllegalArgumentException("zone " + zone.origin() + " is already loaded; use replaceZone");
            }
            Map<Name, ServedZone> copy = new HashMap<>(zones);
            copy.put(zone.origin(), zone);
            zones = Map.copyOf(copy);
        }
        return this;
    }

    // ---------------------------------------------------------------- behaviour switches

    /** Names outside every loaded zone get this rcode: REFUSED (default) or SERVFAIL. */
    public TestDnsServer outOfZoneRcode(int rcode) {
        this.outOfZoneRcode = rcode;
        return this;
    }

    /**
     * When on, the server acts as a validating resolver: it sets AD on NOERROR/NXDOMAIN answers
     * whose data all come from secure zones (signed, or marked by {@link #secure}) if the query had
     * DO or AD set (RFC 6840 5.8), and answers SERVFAIL for {@link #bogus} data unless CD is set.
     */
    public TestDnsServer adBit(boolean enabled) {
        this.adBit = enabled;
        return this;
    }

    /** Overrides whether the zone counts as secure for {@link #adBit(boolean)}. */
    public TestDnsServer secure(String origin, boolean isSecure) {
        secureOverrides.put(ZoneText.name(origin), isSecure);
        return this;
    }

    // ---------------------------------------------------------------- faults

    /** Never answer queries for {@code name} (any type): the client times out. */
    public TestDnsServer timeout(String name) {
        return fault(name, ANY_TYPE, new Timeout());
    }

    public TestDnsServer timeout(String name, int type) {
        return fault(name, type, new Timeout());
    }

    public TestDnsServer servfail(String name) {
        return fault(name, ANY_TYPE, new Respond(Rcode.SERVFAIL));
    }

    public TestDnsServer servfail(String name, int type) {
        return fault(name, type, new Respond(Rcode.SERVFAIL));
    }

    public TestDnsServer refused(String name) {
        return fault(name, ANY_TYPE, new Respond(Rcode.REFUSED));
    }

    public TestDnsServer refused(String name, int type) {
        return fault(name, type, new Respond(Rcode.REFUSED));
    }

    public TestDnsServer formerr(String name) {
        return fault(name, ANY_TYPE, new Respond(Rcode.FORMERR));
    }

    public TestDnsServer formerr(String name, int type) {
        return fault(name, type, new Respond(Rcode.FORMERR));
    }

    /** Answers with an arbitrary rcode (e.g. {@link Rcode#NOTIMP}) and empty sections. */
    public TestDnsServer rcode(String name, int type, int rcode) {
        return fault(name, type, new Respond(rcode));
    }

    /** Always answer UDP queries with TC set and no records; TCP gets the full answer. */
    public TestDnsServer truncateUdp(String name) {
        return fault(name, ANY_TYPE, new TruncateUdp());
    }

    public TestDnsServer truncateUdp(String name, int type) {
        return fault(name, type, new TruncateUdp());
    }

    /** Delays every answer for {@code name}; combines with the other faults. */
    public TestDnsServer delay(String name, Duration delay) {
        return delay(name, ANY_TYPE, delay);
    }

    public TestDnsServer delay(String name, int type, Duration delay) {
        if (delay.isNegative() || delay.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("delay must be 0..5 minutes, was " + delay);
        }
        delays.put(new Key(ZoneText.name(name), type), delay);
        return this;
    }

    /** Serves corrupted RRSIGs for every RRset owned by {@code name} (BOGUS for a validator). */
    public TestDnsServer bogus(String name) {
        bogus.add(new Key(ZoneText.name(name), ANY_TYPE));
        return this;
    }

    public TestDnsServer bogus(String name, int type) {
        bogus.add(new Key(ZoneText.name(name), type));
        return this;
    }

    /** Removes faults, delays and bogus markings for {@code name} (all types). */
    public TestDnsServer clearFaults(String name) {
        Name n = ZoneText.name(name);
        faults.keySet().removeIf(k -> k.name().equals(n));
        delays.keySet().removeIf(k -> k.name().equals(n));
        bogus.removeIf(k -> k.name().equals(n));
        return this;
    }

    public TestDnsServer clearFaults() {
        faults.clear();
        delays.clear();
        bogus.clear();
        return this;
    }

    private TestDnsServer fault(String name, int type, Fault fault) {
        faults.put(new Key(ZoneText.name(name), type), fault);
        return this;
    }

    private <T> Optional<T> match(Map<Key, T> map, Name name, int type) {
        T exact = map.get(new Key(name, type));
        return Optional.ofNullable(exact != null ? exact : map.get(new Key(name, ANY_TYPE)));
    }

    // ---------------------------------------------------------------- query log

    /** Every query received since start or {@link #resetLog()}, oldest first (capped at 100 000). */
    public List<LoggedQuery> queries() {
        synchronized (queryLog) {
            return List.copyOf(queryLog);
        }
    }

    public int queryCount() {
        return queryCount.get();
    }

    public int queryCount(String name, int type) {
        return (int) queries().stream().filter(q -> q.is(name, type)).count();
    }

    public void resetLog() {
        synchronized (queryLog) {
            queryLog.clear();
            queryCount.set(0);
        }
    }

    private void record(LoggedQuery query) {
        synchronized (queryLog) {
            queryCount.incrementAndGet();
            if (queryLog.size() < MAX_LOGGED_QUERIES) {
                queryLog.add(query);
            }
        }
    }

    // ---------------------------------------------------------------- query handling

    private Optional<Reply> process(byte[] data, Transport transport) {
        Message query;
        try {
            query = new Message(data);
        } catch (IOException | RuntimeException e) {
            log.debug("unparseable {} packet of {} bytes: {}", transport, data.length, e.toString());
            return garbageReply(data);
        }
        if (query.getHeader().getFlag(Flags.QR)) {
            return Optional.empty(); // a response, not a query: answering could loop
        }
        Record question = query.getQuestion();
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            return Optional.of(new Reply(error(query, Rcode.NOTIMP).toWire(), Duration.ZERO));
        }
        if (question == null || query.getHeader().getCount(Section.QUESTION) != 1) {
            return Optional.of(new Reply(error(query, Rcode.FORMERR).toWire(), Duration.ZERO));
        }
        OPTRecord opt = query.getOPT();
        boolean dnssecOk = opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
        Name qname = question.getName();
        int qtype = question.getType();
        record(new LoggedQuery(qname, qtype, transport, dnssecOk));

        if (opt != null && opt.getVersion() != 0) {
            return Optional.of(new Reply(error(query, Rcode.BADVERS).toWire(), Duration.ZERO)); // RFC 6891 6.1.3
        }
        if (question.getDClass() != DClass.IN) {
            return Optional.of(new Reply(error(query, Rcode.REFUSED).toWire(), Duration.ZERO));
        }
        Duration delay = match(delays, qname, qtype).orElse(Duration.ZERO);
        Optional<Fault> fault = match(faults, qname, qtype);
        if (fault.isPresent()) {
            switch (fault.get()) {
                case Timeout t -> {
                    return Optional.empty();
                }
                case Respond r -> {
                    return Optional.of(new Reply(error(query, r.rcode()).toWire(), delay));
                }
                case TruncateUdp t -> {
                    if (transport == Transport.UDP) {
                        return Optional.of(new Reply(
                                truncated(query, answer(query, dnssecOk)).toWire(), delay));
                    }
                }
            }
        }
        Message response = answer(query, dnssecOk);
        byte[] wire = response.toWire();
        int limit = transport == Transport.TCP ? 65_535 : udpLimit(opt);
        if (wire.length > limit) {
            wire = truncated(query, response).toWire();
        }
        return Optional.of(new Reply(wire, delay));
    }

    private static int udpLimit(OPTRecord opt) {
        // RFC 6891 6.2.5: a requestor's payload size below 512 is treated as 512
        return opt == null ? 512 : Math.max(512, opt.getPayloadSize());
    }

    private static Optional<Reply> garbageReply(byte[] data) {
        // A full header with QR clear is a query we could not parse: FORMERR (RFC 1035 4.1.1).
        // Anything shorter, or a response, is dropped like a real server does.
        if (data.length < 12 || (data[2] & 0x80) != 0) {
            return Optional.empty();
        }
        Message m = new Message(((data[0] & 0xff) << 8) | (data[1] & 0xff));
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.RA);
        m.getHeader().setRcode(Rcode.FORMERR);
        return Optional.of(new Reply(m.toWire(), Duration.ZERO));
    }

    /** A response skeleton: same id, question, flags a recursive resolver sets, OPT echoed. */
    private static Message skeleton(Message query, int rcode) {
        Message response = new Message(query.getHeader().getID());
        var header = response.getHeader();
        header.setFlag(Flags.QR);
        header.setFlag(Flags.RA);
        header.setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            header.setFlag(Flags.RD);
        }
        if (query.getHeader().getFlag(Flags.CD)) {
            header.setFlag(Flags.CD);
        }
        if (query.getQuestion() != null && query.getHeader().getCount(Section.QUESTION) == 1) {
            response.addRecord(query.getQuestion(), Section.QUESTION);
        }
        OPTRecord opt = query.getOPT();
        if (opt != null) {
            int doFlag = opt.getFlags() & ExtendedFlags.DO; // RFC 3225 3: DO is copied into the response
            response.addRecord(new OPTRecord(ADVERTISED_UDP_SIZE, rcode >>> 4, 0, doFlag), Section.ADDITIONAL);
        }
        header.setRcode(rcode & 0xF);
        return response;
    }

    private static Message error(Message query, int rcode) {
        return skeleton(query, rcode);
    }

    private static Message truncated(Message query, Message full) {
        Message t = skeleton(query, full.getHeader().getRcode());
        for (int flag : new int[] {Flags.AA, Flags.AD}) {
            if (full.getHeader().getFlag(flag)) {
                t.getHeader().setFlag(flag);
            }
        }
        t.getHeader().setFlag(Flags.TC);
        return t;
    }

    private Message answer(Message query, boolean dnssecOk) {
        Record question = query.getQuestion();
        Name qname = question.getName();
        int qtype = question.getType();
        Map<Name, ServedZone> snapshot = zones;
        List<RecordSet> answer = new ArrayList<>();
        List<RecordSet> authority = new ArrayList<>();
        Set<Name> seen = new HashSet<>();
        seen.add(qname);
        boolean allSecure = true;
        int rcode = Rcode.NOERROR;
        Name current = qname;
        chase:
        for (int hop = 0; hop <= MAX_CNAME_CHAIN; hop++) {
            Optional<ServedZone> found = zoneFor(snapshot, current, qtype);
            if (found.isEmpty()) {
                if (hop == 0) {
                    return error(query, outOfZoneRcode);
                }
                break; // the chain leaves the loaded zones: return what we have, the client may chase it
            }
            ServedZone zone = found.get();
            allSecure &= secureOverrides.getOrDefault(zone.origin(), zone.signed());
            switch (zone.lookup(current, qtype)) {
                case ServedZone.Answer a -> {
                    answer.addAll(a.sets());
                    proofs(authority, a.proofs(), dnssecOk);
                    break chase;
                }
                case ServedZone.Cname c -> {
                    answer.add(c.cname());
                    proofs(authority, c.proofs(), dnssecOk);
                    if (!seen.add(c.target())) {
                        break chase; // CNAME loop: stop where the chain repeats
                    }
                    current = c.target();
                }
                case ServedZone.NoData n -> {
                    addOnce(authority, zone.soa());
                    proofs(authority, n.proofs(), dnssecOk);
                    break chase;
                }
                case ServedZone.NxDomain n -> {
                    rcode = Rcode.NXDOMAIN;
                    addOnce(authority, zone.soa());
                    proofs(authority, n.proofs(), dnssecOk);
                    break chase;
                }
                case ServedZone.Lame l -> {
                    log.debug("{} is delegated at {} to a zone that is not loaded: SERVFAIL", current, l.cut());
                    return error(query, Rcode.SERVFAIL);
                }
            }
        }
        // judged on the data, not on DO: a validating resolver refuses bogus data to every client
        boolean touchesBogus =
                answer.stream().anyMatch(this::isBogus) || authority.stream().anyMatch(this::isBogus);
        boolean cd = query.getHeader().getFlag(Flags.CD);
        if (adBit && touchesBogus && !cd) {
            return error(query, Rcode.SERVFAIL); // what a validating resolver does with BOGUS data
        }
        Message response = skeleton(query, rcode);
        response.getHeader().setFlag(Flags.AA);
        boolean wantsAd = dnssecOk || query.getHeader().getFlag(Flags.AD);
        if (adBit && allSecure && !touchesBogus && wantsAd) {
            response.getHeader().setFlag(Flags.AD);
        }
        answer.forEach(s -> write(response, s, Section.ANSWER, dnssecOk));
        authority.forEach(s -> write(response, s, Section.AUTHORITY, dnssecOk));
        return response;
    }

    private static void proofs(List<RecordSet> authority, List<RecordSet> proofs, boolean dnssecOk) {
        if (dnssecOk) { // RFC 4035 3.1: no DNSSEC records unless the client set DO
            proofs.forEach(p -> addOnce(authority, p));
        }
    }

    private static Optional<ServedZone> zoneFor(Map<Name, ServedZone> snapshot, Name name, int qtype) {
        ServedZone apexSide = null;
        for (int strip = 0; strip < name.labels(); strip++) {
            ServedZone zone = snapshot.get(strip == 0 ? name : new Name(name, strip));
            if (zone == null) {
                continue;
            }
            if (strip == 0 && qtype == Type.DS && name.labels() > 1) {
                apexSide = zone; // DS is answered by the parent (RFC 4035 3.1.4.1) when it is loaded
                continue;
            }
            return Optional.of(zone);
        }
        return Optional.ofNullable(apexSide);
    }

    private boolean isBogus(RecordSet set) {
        return !set.sigs().isEmpty()
                && (bogus.contains(new Key(set.name(), set.type())) || bogus.contains(new Key(set.name(), ANY_TYPE)));
    }

    private void write(Message response, RecordSet set, int section, boolean dnssecOk) {
        set.records().forEach(r -> response.addRecord(r, section));
        if (dnssecOk) {
            boolean corrupt = isBogus(set);
            for (RRSIGRecord sig : set.sigs()) {
                response.addRecord(corrupt ? corrupt(sig) : sig, section);
            }
        }
    }

    private static RRSIGRecord corrupt(RRSIGRecord sig) {
        byte[] signature = sig.getSignature().clone();
        signature[signature.length - 1] ^= (byte) 0xFF;
        return new RRSIGRecord(
                sig.getName(),
                sig.getDClass(),
                sig.getTTL(),
                sig.getTypeCovered(),
                sig.getAlgorithm(),
                sig.getOrigTTL(),
                sig.getExpire(),
                sig.getTimeSigned(),
                sig.getFootprint(),
                sig.getSigner(),
                signature);
    }

    private static void addOnce(List<RecordSet> list, RecordSet set) {
        if (list.stream().noneMatch(s -> s.name().equals(set.name()) && s.type() == set.type())) {
            list.add(set);
        }
    }

    // ---------------------------------------------------------------- sockets

    private record Sockets(DatagramSocket udp, ServerSocket tcp) {}

    private static Sockets bindSamePort() {
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            ServerSocket tcp = null;
            try {
                tcp = new ServerSocket();
                tcp.bind(new InetSocketAddress(LOOPBACK, 0), 64);
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, tcp.getLocalPort()));
                return new Sockets(udp, tcp);
            } catch (IOException e) {
                last = e;
                closeQuietly(tcp);
            }
        }
        throw new UncheckedIOException("cannot bind UDP and TCP to the same port on 127.0.0.1", last);
    }

    private void receiveUdp() {
        byte[] buffer = new byte[65_535];
        while (!closed.get()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                if (closed.get()) {
                    return;
                }
                continue;
            }
            byte[] data = Arrays.copyOf(packet.getData(), packet.getLength());
            SocketAddress client = packet.getSocketAddress();
            try {
                workers.execute(() -> handleUdp(data, client));
            } catch (RejectedExecutionException e) {
                log.debug("dropping UDP query from {}: server busy or closed", client);
            }
        }
    }

    private void handleUdp(byte[] data, SocketAddress client) {
        Optional<Reply> reply;
        try {
            reply = process(data, Transport.UDP);
        } catch (RuntimeException e) {
            log.warn("test DNS server failed on a UDP query", e);
            return;
        }
        reply.ifPresent(r -> {
            Runnable send = () -> {
                try {
                    udp.send(new DatagramPacket(r.wire(), r.wire().length, client));
                } catch (IOException e) {
                    log.debug("cannot send UDP reply to {}: {}", client, e.toString());
                }
            };
            if (r.delay().isZero()) {
                send.run();
            } else {
                try {
                    scheduler.schedule(send, r.delay().toNanos(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    // closed meanwhile
                }
            }
        });
    }

    private void acceptTcp() {
        while (!closed.get()) {
            Socket socket;
            try {
                socket = tcp.accept();
            } catch (IOException e) {
                if (closed.get()) {
                    return;
                }
                continue;
            }
            openSockets.add(socket);
            try {
                connections.execute(() -> serveConnection(socket));
            } catch (RejectedExecutionException e) {
                openSockets.remove(socket);
                closeQuietly(socket);
            }
        }
    }

    private void serveConnection(Socket socket) {
        try (socket;
                DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
            socket.setSoTimeout((int) TCP_IDLE_TIMEOUT.toMillis());
            for (int i = 0; i < MAX_QUERIES_PER_CONNECTION && !closed.get(); i++) {
                int length;
                try {
                    length = in.readUnsignedShort(); // RFC 1035 4.2.2 / RFC 7766 8: 2-byte length prefix
                } catch (EOFException e) {
                    return;
                }
                byte[] data = new byte[length];
                in.readFully(data);
                Optional<Reply> reply = process(data, Transport.TCP);
                if (reply.isEmpty()) {
                    continue;
                }
                if (!reply.get().delay().isZero()) {
                    TimeUnit.NANOSECONDS.sleep(reply.get().delay().toNanos()); // the injected fault itself
                }
                byte[] wire = reply.get().wire();
                out.write(wire.length >>> 8);
                out.write(wire.length & 0xFF);
                out.write(wire);
                out.flush();
            }
        } catch (IOException e) {
            log.debug("TCP connection ended: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("test DNS server failed on a TCP query", e);
        } finally {
            openSockets.remove(socket);
        }
    }

    /** Stops both listeners and every thread of this server; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        udp.close();
        closeQuietly(tcp);
        openSockets.forEach(TestDnsServer::closeQuietly);
        for (ExecutorService pool : List.<ExecutorService>of(workers, connections, scheduler)) {
            pool.shutdownNow();
        }
        try {
            udpThread.join(5_000);
            tcpThread.join(5_000);
            for (ExecutorService pool : List.<ExecutorService>of(workers, connections, scheduler)) {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    static String readResource(String resourcePath) {
        String path = resourcePath.startsWith("/") ? resourcePath.substring(1) : resourcePath;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in =
                (loader != null ? loader : TestDnsServer.class.getClassLoader()).getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("zone resource not found on the classpath: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read zone resource " + path, e);
        }
    }

    @Override
    public String toString() {
        return "TestDnsServer[127.0.0.1:" + port() + ", zones=" + zones.keySet() + "]";
    }
}
