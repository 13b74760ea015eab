package dev.mailward.probe;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.tls.CipherSuite;

/**
 * IANA names of TLS cipher suites (taken from Bouncy Castle's constants, which use the IANA
 * names) and the list the prober offers: every suite with ephemeral (EC)DH or RSA key transport
 * and AES, ChaCha20 or 3DES, so that legacy choices of a server show.
 */
final class CipherSuites {

    private static final Map<Integer, String> NAMES = new HashMap<>();
    static final int[] OFFERED;

    static {
        List<Integer> offered = new ArrayList<>();
        for (Field f : CipherSuite.class.getFields()) {
            if (f.getType() == int.class
                    && Modifier.isStatic(f.getModifiers())
                    && f.getName().startsWith("TLS_")) {
                try {
                    int code = f.getInt(null);
                    NAMES.putIfAbsent(code, f.getName());
                    if (offerable(f.getName())) {
                        offered.add(code);
                    }
                } catch (IllegalAccessException e) {
                    throw new ExceptionInInitializerError(e);
                }
            }
        }
        offered.sort(Comparator.comparingInt((Integer c) -> rank(NAMES.get(c))).thenComparing(c -> c));
        OFFERED = offered.stream().mapToInt(Integer::intValue).toArray();
    }

    private CipherSuites() {}

    static String name(int code) {
        return NAMES.getOrDefault(code, String.format("0x%04X", code));
    }

    private static boolean offerable(String n) {
        if (n.contains("SCSV")
                || n.contains("PSK")
                || n.contains("SRP")
                || n.contains("anon")
                || n.contains("NULL")
                || n.contains("EXPORT")
                || n.contains("_CCM_8")
                || n.contains("SM4")) {
            return false;
        }
        boolean tls13 = n.matches("TLS_(AES_\\d+_(GCM|CCM)|CHACHA20_POLY1305)_SHA\\d+");
        boolean kex = n.startsWith("TLS_ECDHE_ECDSA_WITH_")
                || n.startsWith("TLS_ECDHE_RSA_WITH_")
                || n.startsWith("TLS_DHE_RSA_WITH_")
                || n.startsWith("TLS_RSA_WITH_");
        boolean cipher = n.contains("_AES_") || n.contains("_CHACHA20_") || n.contains("_3DES_EDE_");
        return tls13 || (kex && cipher);
    }

    /** Preference as a modern client would send it: TLS 1.3, then forward-secret AEAD, legacy last. */
    private static int rank(String n) {
        boolean aead = n.contains("GCM") || n.contains("CHACHA20") || n.contains("CCM");
        if (!n.contains("_WITH_")) {
            return 0;
        }
        if (n.contains("3DES")) {
            return 7;
        }
        if (n.startsWith("TLS_ECDHE")) {
            return aead ? 1 : 3;
        }
        if (n.startsWith("TLS_DHE")) {
            return aead ? 2 : 4;
        }
        return aead ? 5 : 6;
    }
}
