package dev.mailward.dns.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TSIG;

/**
 * Presents {@link Transport} as a dnsjava {@link Resolver}, so that the {@code ValidatingResolver}
 * sends its queries (the question itself and the DS/DNSKEY chase) with our servers, retries,
 * timeouts, size limit and TCP fallback. Settings the validator pushes (EDNS, TCP, truncation)
 * are ignored: {@link Queries#withOpt} always asks with EDNS0 and DO, and the transport always
 * falls back to TCP on TC.
 */
final class TransportResolver implements Resolver {

    private final Transport transport;
    private final int udpPayload;
    private final BiConsumer<Message, Exchange> observer;

    /** {@code observer} sees every successful exchange with the query as the validator sent it. */
    TransportResolver(Transport transport, int udpPayload, BiConsumer<Message, Exchange> observer) {
        this.transport = transport;
        this.udpPayload = udpPayload;
        this.observer = observer;
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
        return transport.send(Queries.withOpt(query, udpPayload)).thenApply(exchange -> {
            observer.accept(query, exchange);
            return exchange.response();
        });
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query) {
        return sendAsync(query, Runnable::run);
    }

    @Override
    public void setPort(int port) {
        // servers are configured with their ports
    }

    @Override
    public void setTCP(boolean flag) {
        // UDP first, TCP on truncation, always
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
        // truncation is never ignored
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
        // every query carries EDNS0 with DO
    }

    @Override
    public void setTSIGKey(TSIG key) {
        // not supported
    }

    @Override
    public void setTimeout(Duration timeout) {
        // fixed by the settings
    }

    @Override
    public Duration getTimeout() {
        return transport.timeout();
    }
}
