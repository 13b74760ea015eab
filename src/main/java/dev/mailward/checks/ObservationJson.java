package dev.mailward.checks;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import dev.mailward.checks.DomainObservation.FamilyObservation;
import dev.mailward.dns.AddressText;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link DomainObservation} as JSON and back, so that it can be stored and judged again without
 * the network: for every family that implements {@link Check} with its own observation record,
 * {@code judge(decode(encode(o)))} equals {@code judge(o)} (pinned by {@code ObservationJsonTests}).
 *
 * <p>The shape: {@code {format, domain, observedAt, families: [{check, started, elapsed,
 * observation | notObserved}]}}; instants and durations as ISO-8601 strings (nanoseconds kept),
 * each family's observation as its record's components, IP addresses as literals, dnsjava records
 * as one master-file line {@code "owner ttl class type rdata"}, X.509 certificates as their DER in
 * Base64. A family's observation is decoded by its {@link Check#observationType()}, found by check id among the families this codec was made
 * with; a family it does not know (one since removed) is left out of the decoded observation.
 *
 * <p>Thread-safe.
 */
public final class ObservationJson {

    /** The version of this JSON shape (not of the families' records, nor of the rules). */
    public static final int FORMAT = 1;

    private static final Logger log = LoggerFactory.getLogger(ObservationJson.class);

    private static final JsonMapper MAPPER = mapper();

    private final Map<String, Class<? extends Observation>> types = new HashMap<>();

    /** A codec for the observations of {@code families}. */
    public ObservationJson(List<? extends Check<?>> families) {
        for (Check<?> c : families) {
            types.putIfAbsent(c.id(), c.observationType());
        }
    }

    /** A codec for the observations of the registry's families. */
    public ObservationJson(CheckRegistry registry) {
        this(registry.all());
    }

    /** The observation as JSON text. */
    public String encode(DomainObservation observation) {
        return MAPPER.writeValueAsString(tree(observation));
    }

    /** The observation as a JSON tree (e.g. to embed it in a larger document). */
    public JsonNode tree(DomainObservation observation) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("domain", observation.domain());
        root.put("observedAt", observation.observedAt().toString());
        ArrayNode families = root.putArray("families");
        for (FamilyObservation f : observation.families()) {
            ObjectNode n = families.addObject();
            n.put("check", f.check());
            n.put("started", f.started().toString());
            n.put("elapsed", f.elapsed().toString());
            switch (f) {
                case FamilyObservation.Observed o -> n.set("observation", MAPPER.valueToTree(o.observation()));
                case FamilyObservation.NotObserved x -> n.put("notObserved", x.reason());
            }
        }
        return root;
    }

    /**
     * The observation encoded in {@code json}.
     *
     * @throws IllegalArgumentException when it is not an observation of a known format
     */
    public DomainObservation decode(String json) {
        try {
            return decode(MAPPER.readTree(json));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not an observation: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The observation in {@code root}.
     *
     * @throws IllegalArgumentException when it is not an observation of a known format
     */
    public DomainObservation decode(JsonNode root) {
        int format = root.path("format").asInt(0);
        if (format != FORMAT) {
            throw new IllegalArgumentException("observation format " + format + " is not " + FORMAT);
        }
        try {
            String domain = root.required("domain").asString();
            List<FamilyObservation> families = new ArrayList<>();
            for (JsonNode n : root.required("families")) {
                String check = n.required("check").asString();
                Instant started = Instant.parse(n.required("started").asString());
                Duration elapsed = Duration.parse(n.required("elapsed").asString());
                if (n.has("notObserved")) {
                    families.add(new FamilyObservation.NotObserved(
                            check, started, elapsed, n.get("notObserved").asString()));
                    continue;
                }
                Class<? extends Observation> type = types.get(check);
                if (type == null) {
                    log.debug("Leaving out the observation of unknown family {}", check);
                    continue;
                }
                families.add(new FamilyObservation.Observed(
                        check, started, elapsed, MAPPER.treeToValue(n.required("observation"), type)));
            }
            return new DomainObservation(
                    domain, Instant.parse(root.required("observedAt").asString()), families);
        } catch (JacksonException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not an observation: " + e.getMessage(), e);
        }
    }

    private static JsonMapper mapper() {
        SimpleModule module = new SimpleModule("mailward-observations");
        module.addSerializer(InetAddress.class, new AddressSerializer());
        module.addDeserializer(InetAddress.class, new AddressDeserializer());
        module.addSerializer(Record.class, new RecordSerializer());
        module.addDeserializer(Record.class, new RecordDeserializer());
        module.addSerializer(X509Certificate.class, new CertificateSerializer());
        module.addDeserializer(X509Certificate.class, new CertificateDeserializer());
        return JsonMapper.builder()
                .addModule(module)
                // an observation is its record components, not whatever its helper methods compute
                .changeDefaultVisibility(v -> v.withVisibility(PropertyAccessor.GETTER, Visibility.NONE)
                        .withVisibility(PropertyAccessor.IS_GETTER, Visibility.NONE)
                        .withVisibility(PropertyAccessor.FIELD, Visibility.ANY))
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS, DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** An address as its literal: never a name, so that decoding never resolves anything. */
    private static final class AddressSerializer extends ValueSerializer<InetAddress> {
        @Override
        public void serialize(InetAddress value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(AddressText.of(value));
        }
    }

    private static final class AddressDeserializer extends ValueDeserializer<InetAddress> {
        @Override
        public InetAddress deserialize(JsonParser p, DeserializationContext ctxt) {
            String s = p.getValueAsString();
            try {
                return InetAddress.ofLiteral(s);
            } catch (IllegalArgumentException e) {
                return (InetAddress) ctxt.handleWeirdStringValue(InetAddress.class, s, "not an IP address literal");
            }
        }
    }

    /** A record as one master-file line: {@code owner ttl class type rdata}. */
    private static final class RecordSerializer extends ValueSerializer<Record> {
        @Override
        public void serialize(Record r, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(r.getName() + " " + r.getTTL() + " " + DClass.string(r.getDClass()) + " "
                    + Type.string(r.getType()) + " " + r.rdataToString());
        }
    }

    private static final class RecordDeserializer extends ValueDeserializer<Record> {
        @Override
        public Record deserialize(JsonParser p, DeserializationContext ctxt) {
            String s = p.getValueAsString();
            String[] f = s == null ? new String[0] : s.split(" ", 5);
            try {
                if (f.length == 5) {
                    return Record.fromString(
                            Name.fromString(f[0]),
                            Type.value(f[3]),
                            DClass.value(f[2]),
                            Long.parseLong(f[1]),
                            f[4],
                            Name.root);
                }
            } catch (java.io.IOException | RuntimeException e) {
                return (Record) ctxt.handleWeirdStringValue(Record.class, s, "not a DNS record: " + e.getMessage());
            }
            return (Record) ctxt.handleWeirdStringValue(Record.class, s, "not a DNS record line");
        }
    }

    /** A certificate as its DER encoding in Base64 (the endpoint sessions' chains). */
    private static final class CertificateSerializer extends ValueSerializer<X509Certificate> {
        @Override
        public void serialize(X509Certificate value, JsonGenerator gen, SerializationContext ctxt) {
            try {
                gen.writeString(Base64.getEncoder().encodeToString(value.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("certificate without an encoding: " + e.getMessage(), e);
            }
        }
    }

    private static final class CertificateDeserializer extends ValueDeserializer<X509Certificate> {
        @Override
        public X509Certificate deserialize(JsonParser p, DeserializationContext ctxt) {
            String s = p.getValueAsString();
            try {
                return (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(
                                new ByteArrayInputStream(Base64.getDecoder().decode(s)));
            } catch (CertificateException | IllegalArgumentException | NullPointerException e) {
                return (X509Certificate)
                        ctxt.handleWeirdStringValue(X509Certificate.class, s, "not a DER certificate in Base64");
            }
        }
    }
}
