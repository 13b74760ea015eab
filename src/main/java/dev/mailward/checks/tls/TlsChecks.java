package dev.mailward.checks.tls;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.probe.CertificateFacts;
import dev.mailward.probe.ChainCause;
import dev.mailward.probe.Endpoint;
import dev.mailward.probe.EndpointObservation;
import dev.mailward.probe.Protocol;
import dev.mailward.probe.TlsHandshake;
import dev.mailward.probe.TlsVersion;
import dev.mailward.probe.TlsVersionResult;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The TLS judgement of an endpoint (CHECKS.md "tls"): {@code tls-versions}, {@code tls-ciphers}
 * and {@code certificate}, pure functions of an {@link EndpointObservation}.
 */
public final class TlsChecks {

    private static final Duration MONTH = Duration.ofDays(30);
    private static final Duration THREE_DAYS = Duration.ofHours(72);

    private TlsChecks() {}

    /**
     * The three TLS results for {@code endpoint}.
     *
     * @param chainProblem why the presented chain does not validate to the trusted CAs, as judged when probed
     * @param chainCause what {@code chainProblem} amounts to, as judged when probed (empty in older observations)
     * @param relay what senders require of the certificate on port 25 (DANE, MTA-STS enforce)
     * @param now the moment certificate validity is judged at (when the probe ended)
     */
    public static List<CheckResult> judge(
            Endpoint endpoint,
            EndpointObservation o,
            Optional<String> chainProblem,
            Optional<ChainCause> chainCause,
            RelayTlsPolicy relay,
            Instant now,
            Instant checkedAt,
            Duration elapsed) {
        String target = endpoint.target();
        Evidence tlsEvidence = tlsEvidence(o);
        List<X509Certificate> chain = chain(o);
        Evidence.Builder certEvidence = Evidence.builder();
        chain.forEach(c -> certEvidence.certificate(CertificateFacts.of(c).toEvidence()));
        chainProblem.ifPresent(p -> certEvidence.detail("chainProblem", p));
        if (!chain.isEmpty() && chainProblem.isPresent()) {
            certEvidence.detail("chainCause", cause(chain, chainCause).name());
        }
        List<Finding> certFindings = chain.isEmpty()
                ? List.of(Finding.of(TlsCode.CERT_NOT_OBSERVED, notObservedStatus(o), noTlsMessage(o, "certificate")))
                : certificate(chain, chainProblem, chainCause, endpoint, relay, now);
        return List.of(
                CheckResult.of("tls-versions", target, versions(o), tlsEvidence, checkedAt, elapsed),
                CheckResult.of("tls-ciphers", target, ciphers(o, TlsPolicy.ncscNl()), tlsEvidence, checkedAt, elapsed),
                CheckResult.of("certificate", target, certFindings, certEvidence.build(), checkedAt, elapsed));
    }

    private static Evidence tlsEvidence(EndpointObservation o) {
        Evidence.Builder b = Evidence.builder().transcript(ProbeEvidence.transcript(o.transcript()));
        Map<String, Object> versions = new LinkedHashMap<>();
        for (TlsVersionResult v : o.versions()) {
            versions.put(v.version().label(), v.outcome() + ": " + v.detail());
        }
        b.detail("versions", versions);
        o.tls().ifPresent(h -> {
            b.detail("negotiated", h.version().label() + " " + h.cipherSuite());
            h.group().ifPresent(g -> b.detail("group", g));
        });
        b.detail("policy", TlsPolicy.ncscNl().edition());
        return b.build();
    }

    /** No TLS at all is "not applicable" here (starttls reports it); a failed session is ERROR. */
    private static Status notObservedStatus(EndpointObservation o) {
        boolean noTls = !o.tlsOffered() && o.capabilitiesBeforeTls().isPresent();
        return noTls ? Status.NOT_APPLICABLE : Status.ERROR;
    }

    private static String noTlsMessage(EndpointObservation o, String what) {
        if (!o.tlsOffered() && o.capabilitiesBeforeTls().isPresent()) {
            return "no TLS offered on " + o.endpoint().target() + ", so no " + what + " to judge";
        }
        if (o.tlsFailure().isPresent()) {
            return what + " not testable: TLS failed: " + o.tlsFailure().get().reason();
        }
        return ProbeEvidence.notTestable(o, what);
    }

    static List<Finding> versions(EndpointObservation o) {
        List<Finding> f = new ArrayList<>();
        if (o.versions().isEmpty()) {
            f.add(Finding.of(
                    o.tls().isPresent() ? TlsCode.TLS_VERSION_NOT_TESTABLE : TlsCode.TLS_NOT_AVAILABLE,
                    notObservedStatus(o),
                    noTlsMessage(o, "TLS versions")));
            return f;
        }
        List<String> accepted = new ArrayList<>();
        boolean current = false;
        boolean allRefusedOrAccepted = true;
        for (TlsVersionResult v : o.versions()) {
            switch (v.outcome()) {
                case ACCEPTED -> {
                    accepted.add(v.version().label());
                    if (v.version() == TlsVersion.TLS_1_0 || v.version() == TlsVersion.TLS_1_1) {
                        // NCSC-NL 2025-05 / RFC 8996: TLS 1.0 and 1.1 are deprecated
                        f.add(Finding.of(
                                TlsCode.TLS_LEGACY_VERSION_ACCEPTED,
                                Status.FAIL,
                                v.version().label() + " accepted (" + v.detail() + "); RFC 8996 deprecates it"));
                    } else {
                        current = true;
                    }
                }
                case REFUSED -> {}
                case NOT_TESTABLE -> {
                    allRefusedOrAccepted = false;
                    f.add(Finding.of(
                            TlsCode.TLS_VERSION_NOT_TESTABLE,
                            Status.ERROR,
                            v.version().label() + " not testable: " + v.detail()));
                }
            }
        }
        if (!current && allRefusedOrAccepted) {
            f.add(Finding.of(
                    TlsCode.TLS_NO_CURRENT_VERSION,
                    Status.FAIL,
                    "neither TLSv1.2 nor TLSv1.3 accepted (accepted: " + (accepted.isEmpty() ? "none" : accepted)
                            + ")"));
        }
        if (f.isEmpty()) {
            f.add(Finding.of(
                    TlsCode.TLS_VERSIONS_OK,
                    Status.PASS,
                    "accepts " + String.join(", ", accepted) + "; refuses TLSv1.0 and TLSv1.1"));
        }
        return f;
    }

    static List<Finding> ciphers(EndpointObservation o, TlsPolicy policy) {
        Set<TlsHandshake> seen = new LinkedHashSet<>();
        o.tls().ifPresent(seen::add);
        o.versions().forEach(v -> v.handshake().ifPresent(seen::add));
        List<Finding> f = new ArrayList<>();
        if (seen.isEmpty()) {
            f.add(Finding.of(TlsCode.TLS_NOT_TESTABLE, notObservedStatus(o), noTlsMessage(o, "cipher suites")));
            return f;
        }
        Set<String> done = new LinkedHashSet<>();
        for (TlsHandshake h : seen) {
            String where = " with " + h.version().label();
            if (done.add("s:" + h.cipherSuite())) {
                TlsPolicy.Grade g = policy.suite(h.cipherSuite());
                f.add(
                        switch (g) {
                            case GOOD ->
                                Finding.of(TlsCode.TLS_CIPHER_GOOD, Status.PASS, h.cipherSuite() + where + " is good");
                            case SUFFICIENT ->
                                Finding.of(
                                        TlsCode.TLS_CIPHER_SUFFICIENT,
                                        Status.PASS,
                                        h.cipherSuite() + where + " is sufficient");
                            case PHASE_OUT ->
                                Finding.of(
                                        TlsCode.TLS_CIPHER_PHASE_OUT,
                                        Status.WARN,
                                        h.cipherSuite() + where + " is to be phased out (" + policy.edition() + ")");
                            case INSUFFICIENT ->
                                Finding.of(
                                        TlsCode.TLS_CIPHER_INSUFFICIENT,
                                        Status.FAIL,
                                        h.cipherSuite() + where + " is insufficient (" + policy.edition() + ")");
                        });
            }
            if (h.group().isPresent() && done.add("g:" + h.group().get())) {
                String g = h.group().get();
                TlsPolicy.Grade grade = g.startsWith("custom-dh-") ? TlsPolicy.Grade.INSUFFICIENT : policy.group(g);
                f.add(
                        switch (grade) {
                            case GOOD, SUFFICIENT ->
                                Finding.of(
                                        TlsCode.TLS_GROUP_OK,
                                        Status.PASS,
                                        "key exchange group " + g + where + " is "
                                                + grade.name().toLowerCase());
                            case PHASE_OUT ->
                                Finding.of(
                                        TlsCode.TLS_GROUP_PHASE_OUT,
                                        Status.WARN,
                                        "key exchange group " + g + where + " is to be phased out");
                            case INSUFFICIENT ->
                                Finding.of(
                                        TlsCode.TLS_GROUP_INSUFFICIENT,
                                        Status.FAIL,
                                        "key exchange group " + g + where
                                                + " is insufficient (use x25519/secp256r1 or ffdhe3072+)");
                        });
            }
        }
        return f;
    }

    /** The first chain the server presented: the main session's, else one of the per-version sessions'. */
    public static List<X509Certificate> chain(EndpointObservation o) {
        if (o.tls().isPresent() && !o.tls().get().chain().isEmpty()) {
            return o.tls().get().chain();
        }
        return o.versions().stream()
                .flatMap(v -> v.handshake().stream())
                .map(TlsHandshake::chain)
                .filter(c -> !c.isEmpty())
                .findFirst()
                .orElse(List.of());
    }

    /** The certificate rules; {@code now} is a parameter so that tests can move the clock. */
    public static List<Finding> certificate(
            List<X509Certificate> chain,
            Optional<String> chainProblem,
            Optional<ChainCause> chainCause,
            Endpoint endpoint,
            RelayTlsPolicy relayPolicy,
            Instant now) {
        List<Finding> f = new ArrayList<>();
        CertificateFacts leaf = CertificateFacts.of(chain.getFirst());
        f.add(key(leaf));
        f.add(signature(chain));
        f.add(expiry(leaf, now));
        boolean relay = endpoint.protocol() == Protocol.SMTP;
        if (leaf.matchesHost(endpoint.host())) {
            f.add(Finding.of(TlsCode.CERT_NAME_OK, Status.PASS, "certificate names " + endpoint.host()));
        } else {
            String names = leaf.dnsNames().isEmpty()
                    ? "CN " + leaf.commonName().orElse("(none)")
                    : String.join(", ", leaf.dnsNames());
            // RFC 7672 §3.2.3 / RFC 8461 §4.2: MTAs check names only under DANE-TA or MTA-STS
            f.add(Finding.of(
                    TlsCode.CERT_NAME_MISMATCH,
                    relay && !relayPolicy.nameBinding() ? Status.WARN : Status.FAIL,
                    "certificate names " + names + ", not " + endpoint.host()));
        }
        if (chainProblem.isEmpty()) {
            f.add(Finding.of(TlsCode.CERT_CHAIN_OK, Status.PASS, "chain validates to a trusted CA"));
        } else {
            f.add(chain(leaf, cause(chain, chainCause), chainProblem.get(), relay, relayPolicy));
        }
        return f;
    }

    /** The cause judged when probed; for an observation stored before it was, what the chain itself shows. */
    private static ChainCause cause(List<X509Certificate> chain, Optional<ChainCause> judged) {
        return judged.orElseGet(
                () -> CertificateFacts.selfSigned(chain.getFirst()) ? ChainCause.SELF_SIGNED : ChainCause.OTHER);
    }

    /**
     * CHECKS.md "tls", chain validity: on port 25 a WARN that names the cause (senders encrypt
     * opportunistically and authenticate nothing, RFC 7435), informational where DANE authenticates
     * the server instead (RFC 7672 §3.1: PKIX does not apply); a FAIL where MTA-STS enforce requires
     * PKIX (RFC 8461 §4.2) and where clients validate (465, 587, 993, 995, 4190, and STARTTLS on 143/110).
     */
    static Finding chain(
            CertificateFacts leaf, ChainCause cause, String problem, boolean relay, RelayTlsPolicy relayPolicy) {
        Status status;
        String consequence;
        if (!relay) {
            status = Status.FAIL;
            consequence = "mail clients refuse the connection or warn their users";
        } else if (relayPolicy.pkixRequired()) {
            status = Status.FAIL;
            consequence = "the domain's MTA-STS policy (enforce) requires a certificate from a public CA:"
                    + " senders that apply it do not deliver";
        } else if (relayPolicy.dane()) {
            status = Status.PASS;
            consequence = "DANE authenticates this server instead, so senders that use DANE accept it";
        } else {
            status = Status.WARN;
            consequence = "senders still encrypt, but cannot tell this server from an impostor"
                    + " (publish DANE, or use a certificate from a public CA before MTA-STS)";
        }
        String issuer = leaf.issuer();
        return switch (cause) {
            case SELF_SIGNED ->
                Finding.of(
                        TlsCode.CERT_SELF_SIGNED,
                        status,
                        "the certificate is self-signed, so no CA vouches for it: " + consequence);
            case UNKNOWN_CA ->
                Finding.of(
                        TlsCode.CERT_UNKNOWN_CA,
                        status,
                        "the certificate comes from a CA the CA bundle does not trust (issuer " + issuer + "): "
                                + consequence);
            case INCOMPLETE_CHAIN ->
                Finding.of(
                        TlsCode.CERT_CHAIN_INCOMPLETE,
                        status,
                        "the server does not send the intermediate certificate(s) of its issuer " + issuer
                                + ", so the chain cannot be validated: " + consequence);
            case OTHER ->
                relay && !relayPolicy.pkixRequired()
                        ? Finding.of(
                                TlsCode.CERT_CHAIN_UNTRUSTED_INFO,
                                status,
                                "the chain does not validate (" + problem + "): " + consequence)
                        : Finding.of(
                                TlsCode.CERT_CHAIN_UNTRUSTED,
                                status,
                                "the chain does not validate (" + problem + "): " + consequence);
        };
    }

    static Finding key(CertificateFacts c) {
        String desc = c.keyAlgorithm() + " " + c.keyBits() + " bits"
                + c.curve().map(x -> " (" + x + ")").orElse("");
        return switch (c.keyAlgorithm()) {
            // NCSC-NL 2025-05: RSA >= 3072 good, 2048..3071 sufficient, less insufficient
            case "RSA" ->
                c.keyBits() < 2048
                        ? Finding.of(TlsCode.CERT_KEY_INSUFFICIENT, Status.FAIL, "key " + desc + " is under 2048 bits")
                        : Finding.of(
                                TlsCode.CERT_KEY_OK,
                                Status.PASS,
                                "key " + desc + " is " + (c.keyBits() >= 3072 ? "good" : "sufficient"));
            case "EC" ->
                c.keyBits() < 256
                        ? Finding.of(TlsCode.CERT_KEY_INSUFFICIENT, Status.FAIL, "key " + desc + " is under 256 bits")
                        : Finding.of(TlsCode.CERT_KEY_OK, Status.PASS, "key " + desc + " is good");
            case "Ed25519", "Ed448" -> Finding.of(TlsCode.CERT_KEY_OK, Status.PASS, "key " + desc + " is good");
            default ->
                Finding.of(TlsCode.CERT_KEY_INSUFFICIENT, Status.FAIL, "key " + desc + " is not RSA, EC or EdDSA");
        };
    }

    static Finding signature(List<X509Certificate> chain) {
        for (X509Certificate c : chain) {
            if (c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                continue; // a self-signed root's own signature is not relied upon
            }
            CertificateFacts facts = CertificateFacts.of(c);
            String h = facts.signatureHash();
            if (h.equals("SHA-1") || h.equals("MD5") || h.equals("MD2")) {
                return Finding.of(
                        TlsCode.CERT_SIGNATURE_WEAK,
                        Status.FAIL,
                        facts.subject() + " is signed with " + facts.signatureAlgorithm() + " (" + h + " is broken)");
            }
        }
        return Finding.of(
                TlsCode.CERT_SIGNATURE_OK,
                Status.PASS,
                "signed with " + chain.getFirst().getSigAlgName());
    }

    /**
     * CHECKS.md: WARN when a third of the lifetime or 30 days remain, whichever is less; FAIL when
     * expired or under 72 hours or a tenth of the lifetime remains.
     */
    static Finding expiry(CertificateFacts c, Instant now) {
        Duration left = c.remaining(now);
        Duration life = c.lifetime();
        String until = "valid until " + c.notAfter();
        if (now.isBefore(c.notBefore())) {
            return Finding.of(TlsCode.CERT_NOT_YET_VALID, Status.FAIL, "not valid before " + c.notBefore());
        }
        if (left.isNegative() || left.isZero()) {
            return Finding.of(
                    TlsCode.CERT_EXPIRED,
                    Status.FAIL,
                    "expired on " + c.notAfter() + " (" + days(left.negated().toDays()) + " ago)");
        }
        String remaining = days(left.toDays()) + " left of " + life.toDays();
        if (left.compareTo(THREE_DAYS) < 0 || left.compareTo(life.dividedBy(10)) < 0) {
            return Finding.of(
                    TlsCode.CERT_EXPIRY_CRITICAL,
                    Status.FAIL,
                    until + ": " + remaining + " (" + left.toHours() + " hours)");
        }
        Duration third = life.dividedBy(3);
        Duration warnAt = third.compareTo(MONTH) < 0 ? third : MONTH;
        if (left.compareTo(warnAt) < 0) {
            return Finding.of(TlsCode.CERT_EXPIRES_SOON, Status.WARN, until + ": " + remaining);
        }
        return Finding.of(TlsCode.CERT_VALIDITY_OK, Status.PASS, until + ": " + remaining);
    }

    /** "1 day", "2 days". */
    static String days(long n) {
        return n == 1 ? "1 day" : n + " days";
    }
}
