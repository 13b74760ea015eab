package dev.mailward.testdns;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * A chain of zones built by {@link TestZoneSigner#chain()}: parents hold the NS (and, for signed
 * children, DS) records of their children, and the topmost signed zone is the trust anchor.
 *
 * @param zones every zone of the chain, topmost first
 * @param signers the signer (and so the key) of every signed zone, to re-sign changed content
 */
public record SignedZones(List<SignedZone> zones, Map<Name, TestZoneSigner> signers) {

    public SignedZones {
        zones = List.copyOf(zones);
        signers = Map.copyOf(signers);
    }

    /**
     * The signer of a signed zone of this chain: {@code signer("example.test.").sign(newText)} gives
     * a zone that still validates under this chain's trust anchor (for {@code replaceZone}). The
     * new text must carry the delegations (NS, DS) of any child zones itself.
     */
    public TestZoneSigner signer(String origin) {
        TestZoneSigner signer = signers.get(ZoneText.name(origin));
        if (signer == null) {
            throw new NoSuchElementException("no signed zone " + origin + " in this chain");
        }
        return signer;
    }

    public SignedZone zone(String origin) {
        var name = ZoneText.name(origin);
        return zones.stream()
                .filter(z -> z.origin().equals(name))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no zone " + name + " in this chain"));
    }

    /** The topmost signed zone: its keys are the trust anchor. */
    public SignedZone anchorZone() {
        return zones.stream()
                .filter(SignedZone::signed)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no signed zone in this chain"));
    }

    /** Trust anchor as master-format DS text (e.g. {@code ". 3600 IN DS 12345 13 2 ..."}). */
    public String trustAnchor() {
        return anchorZone().dsText();
    }

    /** Trust anchor as master-format DNSKEY text, for tools that want keys rather than DS. */
    public String trustAnchorDnskey() {
        return anchorZone().dnskeys().stream().map(Record::toString).collect(Collectors.joining("\n", "", "\n"));
    }

    /** {@link #trustAnchor()} as a stream, for {@code ValidatingResolver.loadTrustAnchors}. */
    public InputStream trustAnchorStream() {
        return new ByteArrayInputStream(trustAnchor().getBytes(StandardCharsets.UTF_8));
    }
}
