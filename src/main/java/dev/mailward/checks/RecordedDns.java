package dev.mailward.checks;

import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnsSession;
import dev.mailward.dns.DnssecStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Type;

/**
 * A {@link DnsSession} that answers from the answers an observation recorded, for analyses that
 * walk DNS data the way they walked it when observing (the SPF evaluation tree): the same
 * questions in the same order get the very answers recorded for them, so that judging again gives
 * what judging live gave. A question asked out of order gets the first answer recorded for it; a
 * question never asked while observing (the rules have changed since) answers
 * {@link DnsOutcome#ERROR} "not observed", which the analyses report as could-not-determine. Pure:
 * no network, no clock. Not thread-safe, like every session.
 */
public final class RecordedDns implements DnsSession {

    private final List<DnsAnswer> recorded;
    private final Optional<String> stoppedBy;
    private final List<DnsAnswer> answers = new ArrayList<>();
    private int next;

    /** Answers from {@code recorded}, the answers of a live session in the order it gave them. */
    public RecordedDns(List<DnsAnswer> recorded) {
        this(recorded, Optional.empty());
    }

    /**
     * As {@link #RecordedDns(List)}, for a walk that {@code stoppedBy} (an exception, as text)
     * ended after the recorded answers: a question asked after all of them were handed out in
     * order throws {@link Stopped} with that text, as the walk stopped when it was observed.
     */
    public RecordedDns(List<DnsAnswer> recorded, Optional<String> stoppedBy) {
        this.recorded = List.copyOf(recorded);
        this.stoppedBy = stoppedBy;
    }

    /** The recorded walk stopped here; the message is what stopped it. */
    public static final class Stopped extends RuntimeException {
        Stopped(String what) {
            super(what, null, false, false);
        }
    }

    @Override
    public DnsAnswer lookup(String name, int type) {
        if (stoppedBy.isPresent() && next >= recorded.size()) {
            throw new Stopped(stoppedBy.get());
        }
        String q = normalise(name);
        String t = Type.string(type);
        DnsAnswer a = null;
        if (next < recorded.size() && asks(recorded.get(next), q, t)) {
            a = recorded.get(next++);
        } else {
            for (DnsAnswer r : recorded) {
                if (asks(r, q, t)) {
                    a = r;
                    break;
                }
            }
        }
        if (a == null) {
            a = new DnsAnswer(
                    name,
                    t,
                    DnsOutcome.ERROR,
                    List.of(),
                    List.of(),
                    DnssecStatus.INDETERMINATE,
                    Optional.empty(),
                    "",
                    false,
                    false,
                    Duration.ZERO,
                    Optional.of("not observed: " + q + " " + t + " was not asked when the domain was observed"));
        }
        answers.add(a);
        return a;
    }

    @Override
    public List<DnsAnswer> answers() {
        return List.copyOf(answers);
    }

    @Override
    public int lookups() {
        return answers.size();
    }

    @Override
    public boolean budgetExhausted() {
        return answers.stream().anyMatch(a -> a.outcome() == DnsOutcome.BUDGET_EXHAUSTED);
    }

    /** Whether {@code a} answers the question ({@code name} as {@link #normalise} gives it), without copying names. */
    private static boolean asks(DnsAnswer a, String name, String type) {
        if (!a.type().equals(type)) {
            return false;
        }
        String n = a.name();
        int length = n.endsWith(".") ? n.length() - 1 : n.length();
        // recorded names are ASCII (dnsjava escapes other bytes), where this equals normalise(n).equals(name)
        return length == name.length() && n.regionMatches(true, 0, name, 0, length);
    }

    private static String normalise(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
