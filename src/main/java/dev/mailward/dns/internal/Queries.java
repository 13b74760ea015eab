package dev.mailward.dns.internal;

import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.DClass;

/** Builds outgoing queries: recursion desired, EDNS0 (RFC 6891) with the DO bit (RFC 3225). */
final class Queries {

    private Queries() {
    }

    static Message query(Name name, int type, boolean checkingDisabled, int udpPayload) {
        Message m = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        if (checkingDisabled) {
            m.getHeader().setFlag(Flags.CD);
        }
        return withOpt(m, udpPayload);
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
