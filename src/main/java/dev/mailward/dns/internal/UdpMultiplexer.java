package dev.mailward.dns.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/**
 * UDP queries to one server over long-lived sockets ({@link #SOCKETS} at a time), many queries
 * in flight on each, told apart by message ID. Replaces dnsjava's NIO client, which opens a socket per query and
 * scans every pending query for timeouts on each selector wake-up; that was a sixth of the CPU
 * of a bulk run.
 *
 * <p><b>Matching.</b> Each socket is {@linkplain DatagramChannel#connect connected} to the server,
 * so the kernel drops datagrams from any other address or port. A datagram is taken as the answer
 * to a pending query only when its ID is pending on that socket, QR is set, it parses, and its
 * question (name, type, class) equals the query's. Anything else (unknown or reused ID, a
 * different question, garbage) is ignored and counted, and the query keeps waiting for the real
 * answer or its timeout: an off-path attacker can neither complete nor fail a query without
 * guessing ID and question and arriving from the server's address and port.
 *
 * <p><b>IDs and ports (the trade-off).</b> IDs are 16 random bits from {@link SecureRandom} (read
 * in blocks, so a query costs no system call), never reused while pending on the socket. A
 * socket per query (what dnsjava and most stub resolvers do) also randomises the source port
 * per query, adding ~16 bits an off-path spoofer must guess (RFC 5452 §4.5). Long-lived sockets
 * give up most of that: the ports here are random ephemeral ports chosen by the kernel, but a
 * port lives for {@link #ROTATE_AFTER} queries before the socket is replaced (the old one drains
 * its pending queries, then closes). That keeps the port-guessing window short at a cost of one
 * socket per {@value #ROTATE_AFTER} queries instead of one per query. Mailward's recommended
 * set-up is a validating resolver on the same host or network (loopback for the CLI benchmark),
 * where off-path spoofing of the stub-to-resolver hop is not the threat; DNSSEC status comes from
 * that resolver's AD bit or from Mailward's own validation, not from the path.
 *
 * <p><b>Bounds.</b> The receive buffer holds the largest UDP payload (65,535 bytes), so no
 * datagram is silently cut; callers check the response size against their limit. At most
 * {@link #MAX_PENDING_PER_SOCKET} queries are pending per socket; when every socket is that busy
 * a send fails at once instead of queueing without bound. Every pending query ends at its
 * timeout, so a silent server cannot pile them up.
 *
 * <p>The reader thread (one per socket, a platform daemon) parses and matches each datagram and
 * completes the query itself, so an answer that has arrived cannot lose a race against its
 * timeout because the executor is busy (a CPU-bound bulk run keeps it busy). The caller's
 * continuations then run on the executor, or on the reader itself when the multiplexer was made
 * with {@code inlineContinuations}: for callers whose continuations never block (parsing,
 * caching, sending the next query), that saves a thread hand-off and a wake-up per answer.
 *
 * <p><b>Timeouts.</b> One sweeper thread per multiplexer fails the queries whose deadline has
 * passed, every {@link #SWEEP_MILLIS} ms while any query is pending (it sleeps otherwise), so a
 * timeout fires at most that much late. A timer per query (what {@code orTimeout} does) costs a
 * scheduled task, its cancellation and often a thread wake-up for every single query.
 */
final class UdpMultiplexer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UdpMultiplexer.class);

    /**
     * Sockets per server (each with its own reader thread). One: a bulk run's few thousand
     * pending queries fit one socket's IDs, and a second socket with its reader cost 5 % more CPU
     * (three interleaved pairs of 10,000-domain runs: an extra thread to wake per answer on two
     * cores).
     */
    static final int SOCKETS = 1;
    /** Queries sent on one socket (one source port) before it is replaced by a fresh one. */
    static final int ROTATE_AFTER = 4_096;
    /** Queries pending on one socket at most (of the 65,536 IDs). */
    static final int MAX_PENDING_PER_SOCKET = 16_384;
    /** Kernel receive buffer asked for per socket (the kernel may grant less). */
    private static final int RECEIVE_SOCKET_BUFFER = 4 << 20;
    /** Largest UDP payload: every datagram fits, none is cut. */
    private static final int RECEIVE_BUFFER = 65_535;
    /** How often pending queries are checked against their deadlines. */
    static final long SWEEP_MILLIS = 20;

    private final InetSocketAddress server;
    private final Executor executor;
    private final boolean inlineContinuations;
    private final AtomicReferenceArray<Sock> slots;
    /** Every open socket, rotated ones still draining included: the sweeper's work list. */
    private final Set<Sock> live = ConcurrentHashMap.newKeySet();

    private final Object sweeperLock = new Object();
    private volatile Thread sweeper;
    private volatile boolean sweeperIdle;
    private final AtomicInteger next = new AtomicInteger();
    private final IdSource ids = new IdSource();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();
    private volatile boolean closed;

    /** One query waiting for its answer. */
    private record Pending(int originalId, Record question, CompletableFuture<Message> future, long deadlineNanos) {}

    UdpMultiplexer(InetSocketAddress server, Executor executor) {
        this(server, executor, false);
    }

    /**
     * @param executor where the caller's continuations run
     * @param inlineContinuations run them on the reader (or sweeper) thread instead; only for
     *     callers whose continuations never block
     */
    UdpMultiplexer(InetSocketAddress server, Executor executor, boolean inlineContinuations) {
        this.server = server;
        this.executor = executor;
        this.inlineContinuations = inlineContinuations;
        this.slots = new AtomicReferenceArray<>(SOCKETS);
    }

    /**
     * Sends {@code query} (not modified: the wire copy gets a fresh random ID) and completes with
     * the matching response, whose header carries the query's own ID again, or exceptionally with
     * a {@link TimeoutException} after {@code timeout}, or with an {@link IOException} when the
     * datagram cannot be sent.
     */
    CompletableFuture<Message> send(Message query, Duration timeout) {
        byte[] wire = query.toWire();
        CompletableFuture<Message> future = new CompletableFuture<>();
        Pending pending = new Pending(
                query.getHeader().getID(), query.getQuestion(), future, System.nanoTime() + timeout.toNanos());
        IOException last = null;
        for (int attempt = 0; attempt < 2 * SOCKETS + 2; attempt++) {
            if (closed) {
                return CompletableFuture.failedFuture(new ClosedChannelException());
            }
            Sock sock;
            try {
                sock = pick();
            } catch (IOException e) {
                last = e;
                continue;
            }
            int id = sock.register(pending, ids);
            if (id < 0) {
                continue; // this socket is full; try another one
            }
            wire[0] = (byte) (id >>> 8);
            wire[1] = (byte) id;
            try {
                sock.channel.write(ByteBuffer.wrap(wire));
            } catch (IOException e) {
                sock.pending.remove(id, pending);
                sock.closeIfDrained();
                last = e; // e.g. the socket was rotated and closed meanwhile: take the current one
                continue;
            }
            wakeSweeper();
            // The reader completes `future` itself (so an answer that has arrived is never turned
            // into a timeout by a busy executor); the caller's continuations run on the executor.
            return inlineContinuations ? future : future.thenApplyAsync(m -> m, executor);
        }
        return CompletableFuture.failedFuture(
                last != null
                        ? last
                        : new IOException(SOCKETS + " sockets to " + server + " each have " + MAX_PENDING_PER_SOCKET
                                + " queries pending"));
    }

    /** Datagrams received and dropped since start: unknown IDs, other questions, garbage. */
    long ignoredDatagrams() {
        return ignored.get();
    }

    /** Sockets opened since start (rotation included). */
    long socketsOpened() {
        return opened.get();
    }

    /** The current socket of the next slot, opening or rotating it when due. */
    private Sock pick() throws IOException {
        int i = Math.floorMod(next.getAndIncrement(), SOCKETS);
        while (true) {
            Sock s = slots.get(i);
            if (s != null && s.sent.get() < ROTATE_AFTER && s.channel.isOpen()) {
                return s;
            }
            Sock fresh = open();
            if (slots.compareAndSet(i, s, fresh)) {
                if (s != null) {
                    s.retire();
                }
                if (closed) {
                    fresh.retire();
                    throw new ClosedChannelException();
                }
                return fresh;
            }
            fresh.retire(); // another thread rotated this slot first
        }
    }

    private Sock open() throws IOException {
        StandardProtocolFamily family = server.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
        DatagramChannel ch = DatagramChannel.open(family);
        try {
            // Many answers share this socket: a large buffer (capped by net.core.rmem_max) rides out bursts.
            ch.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_SOCKET_BUFFER);
            ch.bind(null); // an ephemeral port chosen (randomly, on Linux) by the kernel
            ch.connect(server);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        Sock s = new Sock(ch);
        live.add(s);
        opened.incrementAndGet();
        Thread.ofPlatform().daemon().name("mailward-dns-udp-" + opened.get()).start(s::readLoop);
        return s;
    }

    private void wakeSweeper() {
        if (sweeper == null) {
            synchronized (sweeperLock) {
                if (sweeper == null && !closed) {
                    sweeper = Thread.ofPlatform()
                            .daemon()
                            .name("mailward-dns-udp-timeouts")
                            .start(this::sweepLoop);
                }
            }
        } else if (sweeperIdle) {
            sweeperIdle = false;
            LockSupport.unpark(sweeper);
        }
    }

    /** Fails overdue queries every {@link #SWEEP_MILLIS} ms; parks while nothing is pending. */
    private void sweepLoop() {
        while (!closed) {
            boolean any = false;
            long now = System.nanoTime();
            for (Sock s : live) {
                for (var e : s.pending.entrySet()) {
                    Pending p = e.getValue();
                    if (now - p.deadlineNanos() >= 0) {
                        if (s.pending.remove(e.getKey(), p)) {
                            p.future()
                                    .completeExceptionally(
                                            new TimeoutException("no answer from " + server + " within the timeout"));
                        }
                    } else {
                        any = true;
                    }
                }
                s.closeIfDrained();
            }
            if (any) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS));
            } else {
                sweeperIdle = true;
                // A sender that read the flag before it was set registered its query before that:
                // look again, so such a query is not left without a sweep.
                if (!anyPending()) {
                    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                }
                sweeperIdle = false;
            }
        }
    }

    /** Whether the timeout sweeper runs (it starts with the first query and ends after close). */
    boolean sweeperAlive() {
        Thread t = sweeper;
        return t != null && t.isAlive();
    }

    private boolean anyPending() {
        for (Sock s : live) {
            if (!s.pending.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        Thread t = sweeper;
        if (t != null) {
            LockSupport.unpark(t);
        }
        for (int i = 0; i < SOCKETS; i++) {
            Sock s = slots.getAndSet(i, null);
            if (s != null) {
                s.retired = true;
                s.close();
            }
        }
    }

    /** One connected socket, its pending queries by wire ID, and its reader. */
    private final class Sock {
        final DatagramChannel channel;
        final ConcurrentHashMap<Integer, Pending> pending = new ConcurrentHashMap<>();
        final AtomicInteger sent = new AtomicInteger();
        volatile boolean retired;

        Sock(DatagramChannel channel) {
            this.channel = channel;
        }

        /** A free random ID now pending for {@code p}, or -1 when the socket is full or retired. */
        int register(Pending p, IdSource ids) {
            if (retired || pending.size() >= MAX_PENDING_PER_SOCKET) {
                return -1;
            }
            sent.incrementAndGet();
            // At most a quarter of the IDs are in use, so a free one is found in a few draws.
            for (int i = 0; i < 64; i++) {
                int id = ids.next();
                if (pending.putIfAbsent(id, p) == null) {
                    if (retired) {
                        // retire() may have seen no pending query before this one came in: back
                        // out, so the socket is closed only when it really is drained
                        pending.remove(id, p);
                        closeIfDrained();
                        return -1;
                    }
                    return id;
                }
            }
            return -1;
        }

        void retire() {
            retired = true;
            closeIfDrained();
        }

        void closeIfDrained() {
            if (retired && pending.isEmpty()) {
                close();
            }
        }

        void close() {
            live.remove(this);
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do
            }
            // Whatever is still pending fails now rather than at its timeout.
            for (var e : pending.entrySet()) {
                if (pending.remove(e.getKey(), e.getValue())) {
                    e.getValue().future().completeExceptionally(new ClosedChannelException());
                }
            }
        }

        void readLoop() {
            ByteBuffer buf = ByteBuffer.allocate(RECEIVE_BUFFER);
            while (channel.isOpen()) {
                buf.clear();
                try {
                    channel.read(buf);
                } catch (PortUnreachableException e) {
                    continue; // ICMP from an earlier send; the query concerned times out
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    if (!channel.isOpen()) {
                        return;
                    }
                    log.debug("UDP receive from {} failed: {}", server, e.toString());
                    continue;
                }
                buf.flip();
                if (buf.remaining() < 12) {
                    ignored.incrementAndGet();
                    continue;
                }
                int id = ((buf.get(0) & 0xff) << 8) | (buf.get(1) & 0xff);
                Pending p = pending.get(id);
                if (p == null) {
                    ignored.incrementAndGet(); // late (already timed out) or spoofed
                    continue;
                }
                complete(id, p, Arrays.copyOf(buf.array(), buf.remaining()));
            }
        }

        private void complete(int id, Pending p, byte[] data) {
            Message m;
            try {
                m = new Message(data);
            } catch (IOException | RuntimeException e) {
                ignored.incrementAndGet(); // garbage with a pending ID: keep waiting for the real answer
                return;
            }
            Record q = m.getQuestion();
            if (!m.getHeader().getFlag(Flags.QR)
                    || q == null
                    || !q.getName().equals(p.question().getName())
                    || q.getType() != p.question().getType()
                    || q.getDClass() != p.question().getDClass()) {
                ignored.incrementAndGet();
                return;
            }
            m.getHeader().setID(p.originalId());
            // Whoever removes the entry (reader, sweeper or close) completes the query.
            if (pending.remove(id, p)) {
                p.future().complete(m);
                closeIfDrained();
            }
        }
    }

    /** 16-bit IDs from a SecureRandom, read a block at a time. */
    private static final class IdSource {
        private final SecureRandom random = new SecureRandom();
        private final byte[] block = new byte[2048];
        private int pos = block.length;

        synchronized int next() {
            if (pos >= block.length) {
                random.nextBytes(block);
                pos = 0;
            }
            int id = ((block[pos] & 0xff) << 8) | (block[pos + 1] & 0xff);
            pos += 2;
            return id;
        }
    }
}
