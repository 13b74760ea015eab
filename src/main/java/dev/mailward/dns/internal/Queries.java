package dev.mailward.dns.internal;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Builds outgoing queries: recursion desired, EDNS0 (RFC 6891) with the DO bit (RFC 3225). */
final class Queries {

    private static final AtomicInteger NEXT_ID = new AtomicInteger(new SecureRandom().nextInt());

    private Queries() {}

    /**
     * A new query. Its own ID is not random: {@link UdpMultiplexer} puts a fresh random ID on the
     * wire of every UDP try (and TCP is not open to off-path spoofing), so the ID here only has
     * to tell queries apart, and a SecureRandom draw per query (dnsjava's default) is saved.
     */
    static Message query(Name name, int type, boolean checkingDisabled, int udpPayload) {
        Message m = new Message(NEXT_ID.getAndIncrement() & 0xFFFF);
        m.getHeader().setFlag(Flags.RD);
        m.getHeader().setOpcode(Opcode.QUERY);
        if (checkingDisabled) {
            m.getHeader().setFlag(Flags.CD);
        }
        m.addRecord(Record.newRecord(name, type, DClass.IN), Section.QUESTION);
        m.addRecord(new OPTRecord(udpPayload, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        return m;
    }

    /** A copy of {@code query} that carries our OPT record instead of any it had. */
    static Message withOpt(Message query, int udpPayload) {
        Message m = query.clone();
        OPTRecord old = m.getOPT();
        if (old != null) {
            m.removeRecord(old, Section.ADDITIONAL);
        }
        m.addRecord(new OPTRecord(udpPayload, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        return m;
    }
}
