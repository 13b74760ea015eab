package dev.mailward.dns.internal;

import dev.mailward.dns.AddressText;
import dev.mailward.dns.DnsOutcome;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Sends one query to the configured servers in order: each server gets {@code 1 + retries} tries
 * on timeout, a SERVFAIL/REFUSED/other error RCODE moves on to the next server at once. UDP first,
 * over a {@link UdpMultiplexer} per server (a few long-lived sockets, queries told apart by random
 * ID and question); a truncated (TC) reply is asked again over TCP at the same server (RFC 7766
 * §5) with dnsjava's client. Every try is bounded by the per-try timeout with our own timer,
 * because dnsjava's NIO client only checks its timeouts when its selector is idle, which under
 * load can be much later.
 *
 * <p>Thread-safe and non-blocking; continuations run on the given executor.
 */
public final class Transport implements AutoCloseable {

    private final List<Server> servers;
    private final Duration timeout;
    private final int tries;
    private final int maxResponseBytes;
    private final Executor executor;

    private record Server(String label, UdpMultiplexer udp, SimpleResolver tcp) {}

    public Transport(
            List<InetSocketAddress> addresses, Duration timeout, int retries, int maxResponseBytes, Executor executor) {
        this(addresses, timeout, retries, maxResponseBytes, executor, false);
    }

    /**
     * @param inlineContinuations run continuations of UDP answers on the thread that received
     *     them rather than on {@code executor}; only for callers whose continuations never block
     */
    public Transport(
            List<InetSocketAddress> addresses,
            Duration timeout,
            int retries,
            int maxResponseBytes,
            Executor executor,
            boolean inlineContinuations) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no DNS servers configured and none found in /etc/resolv.conf");
        }
        this.timeout = timeout;
        this.tries = 1 + Math.max(0, retries);
        this.maxResponseBytes = maxResponseBytes;
        this.executor = executor;
        List<Server> list = new ArrayList<>();
        for (InetSocketAddress a : addresses) {
            UdpMultiplexer udp = new UdpMultiplexer(a, executor, inlineContinuations);
            SimpleResolver tcp = new SimpleResolver(a);
            tcp.setTCP(true);
            tcp.setTimeout(timeout);
            list.add(new Server(label(a), udp, tcp));
        }
        this.servers = List.copyOf(list);
    }

    static String label(InetSocketAddress a) {
        String host = a.getAddress() != null ? AddressText.of(a.getAddress()) : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** Worst-case time one {@link #send} can take (all servers, all tries, UDP then TCP). */
    public Duration worstCase() {
        return timeout.multipliedBy(2L * tries * servers.size());
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Sends {@code query} (which must already carry its OPT record). Completes with an
     * {@link Exchange} for NOERROR/NXDOMAIN, exceptionally with a {@link TransportException}
     * otherwise.
     */
    public CompletableFuture<Exchange> send(Message query) {
        return attempt(query, 0, 0, null);
    }

    private CompletableFuture<Exchange> attempt(Message query, int serverIndex, int tryIndex, TransportException last) {
        if (serverIndex >= servers.size()) {
            return CompletableFuture.failedFuture(last);
        }
        Server server = servers.get(serverIndex);
        long start = System.nanoTime();
        return once(server, query, false, start)
                .handle((exchange, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(exchange);
                    }
                    TransportException te = classify(server, query, unwrap(error));
                    if (te.outcome() == DnsOutcome.TIMEOUT && tryIndex + 1 < tries) {
                        return attempt(query, serverIndex, tryIndex + 1, te);
                    }
                    if (te.outcome() == DnsOutcome.TIMEOUT) {
                        te = new TransportException(
                                DnsOutcome.TIMEOUT,
                                server.label(),
                                "no answer from " + server.label() + " after " + tries
                                        + (tries == 1 ? " try" : " tries") + " of " + timeout.toMillis() + " ms",
                                null);
                    }
                    // Prefer reporting a definite RCODE over a later timeout of another server.
                    TransportException report =
                            last != null && last.outcome() != DnsOutcome.TIMEOUT && te.outcome() == DnsOutcome.TIMEOUT
                                    ? last
                                    : te;
                    return attempt(query, serverIndex + 1, 0, report);
                })
                .thenCompose(f -> f);
    }

    private CompletableFuture<Exchange> once(Server server, Message query, boolean overTcp, long start) {
        CompletableFuture<Message> f;
        try {
            f = overTcp
                    ? server.tcp()
                            .sendAsync(query, executor)
                            .toCompletableFuture()
                            .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    : server.udp().send(query, timeout);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.thenCompose(response -> {
            if (response.numBytes() > maxResponseBytes) {
                throw new TransportException(
                        DnsOutcome.ERROR,
                        server.label(),
                        "response of " + response.numBytes() + " bytes from " + server.label()
                                + " exceeds the limit of " + maxResponseBytes + " bytes",
                        null);
            }
            if (!overTcp && response.getHeader().getFlag(Flags.TC)) {
                return once(server, query, true, start);
            }
            int rcode = response.getRcode();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
                return CompletableFuture.completedFuture(new Exchange(response, server.label(), overTcp, elapsed));
            }
            String q = describe(query);
            throw switch (rcode) {
                case Rcode.SERVFAIL ->
                    new TransportException(
                            DnsOutcome.SERVFAIL,
                            server.label(),
                            "SERVFAIL from " + server.label() + " for " + q
                                    + Ede.describe(response)
                                            .map(s -> " (" + s + ")")
                                            .orElse(""),
                            response);
                case Rcode.REFUSED ->
                    new TransportException(
                            DnsOutcome.REFUSED,
                            server.label(),
                            "REFUSED from " + server.label() + " for " + q,
                            response);
                default ->
                    new TransportException(
                            DnsOutcome.ERROR,
                            server.label(),
                            Rcode.string(rcode) + " from " + server.label() + " for " + q,
                            response);
            };
        });
    }

    @Override
    public void close() {
        servers.forEach(s -> s.udp().close());
    }

    private TransportException classify(Server server, Message query, Throwable t) {
        if (t instanceof TransportException te) {
            return te;
        }
        if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
            return new TransportException(DnsOutcome.TIMEOUT, server.label(), "timeout", null);
        }
        return new TransportException(
                DnsOutcome.ERROR,
                server.label(),
                "bad response from " + server.label() + " for " + describe(query) + ": " + t.getMessage(),
                null);
    }

    static String describe(Message query) {
        var q = query.getQuestion();
        return q == null ? "?" : q.getName() + " " + Type.string(q.getType());
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        for (int i = 0;
                i < 8 && (c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null;
                i++) {
            c = c.getCause();
        }
        return c;
    }
}
