package dev.mailward.checks.tls;

import dev.mailward.checks.Evidence;
import dev.mailward.probe.EndpointObservation;
import dev.mailward.probe.TranscriptEntry;
import java.util.List;

/** Turns probe observations into evidence; shared by the smtp, mailbox and tls families. */
public final class ProbeEvidence {

    private ProbeEvidence() {}

    public static List<Evidence.TranscriptLine> transcript(List<TranscriptEntry> entries) {
        return entries.stream()
                .map(e -> new Evidence.TranscriptLine(e.atMillis(), e.direction(), e.text()))
                .toList();
    }

    /** The transcript plus address, greeting delay and capabilities. */
    public static Evidence.Builder session(EndpointObservation o) {
        Evidence.Builder b = Evidence.builder().transcript(transcript(o.transcript()));
        o.address().ifPresent(a -> b.detail("address", a));
        o.greeting().ifPresent(g -> b.detail("greetingDelayMillis", o.greetingMillis()));
        o.capabilitiesBeforeTls().ifPresent(c -> b.detail("capabilitiesBeforeTls", c));
        o.capabilitiesAfterTls().ifPresent(c -> b.detail("capabilitiesAfterTls", c));
        return b;
    }

    /** "not testable: why" from the observation, for ERROR findings. */
    public static String notTestable(EndpointObservation o, String what) {
        return what + " not testable: " + o.notTestable().orElse("the session ended before this step");
    }
}
