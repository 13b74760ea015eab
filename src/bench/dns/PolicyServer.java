/*
 * MTA-STS policy server for the DNS benchmark (src/bench/dns/run.sh). JDK only.
 *
 *   java src/bench/dns/PolicyServer.java ADDRESS PORT KEYSTORE.p12 PASSWORD POLICIES.tsv CERT.pem...
 *
 * Serves https://mta-sts.<domain>/.well-known/mta-sts.txt for every host in POLICIES.tsv
 * ("<host>\t<policy, newlines written as \n>"), chosen by the Host header; 404 otherwise. The
 * private key is the "sts" entry of KEYSTORE.p12 (made by run.sh with keytool) and the CA the "ca"
 * entry; each CERT.pem (signed by the benchmark CA) names a small group of hosts, and the
 * certificate is chosen by SNI, as a real server would: a single certificate naming a thousand
 * hosts would make every client's host-name check scan a thousand names, which no real site
 * costs. Prints "ready" on stdout when listening.
 */

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

public class PolicyServer {

    public static void main(String[] args) throws Exception {
        String address = args[0];
        int port = Integer.parseInt(args[1]);
        char[] password = args[3].toCharArray();
        Map<String, byte[]> policies = new HashMap<>();
        for (String line : Files.readAllLines(Path.of(args[4]))) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                policies.put(
                        line.substring(0, tab).toLowerCase(Locale.ROOT),
                        line.substring(tab + 1).replace("\\n", "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(args[2])) {
            ks.load(in, password);
        }
        PrivateKey key = (PrivateKey) ks.getKey("sts", password);
        X509Certificate ca = (X509Certificate) ks.getCertificate("ca");
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Map<String, X509Certificate[]> chains = new HashMap<>();
        X509Certificate[] first = null;
        for (int i = 5; i < args.length; i++) {
            X509Certificate leaf;
            try (InputStream in = new FileInputStream(args[i])) {
                leaf = (X509Certificate) cf.generateCertificate(in);
            }
            X509Certificate[] chain = {leaf, ca};
            first = first == null ? chain : first;
            for (List<?> san : leaf.getSubjectAlternativeNames()) {
                chains.put(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT), chain);
            }
        }
        X509Certificate[] fallback = first;
        X509ExtendedKeyManager km = new X509ExtendedKeyManager() {
            @Override
            public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
                if (engine.getHandshakeSession() instanceof ExtendedSSLSession es) {
                    for (SNIServerName n : es.getRequestedServerNames()) {
                        if (n instanceof SNIHostName h
                                && chains.containsKey(h.getAsciiName().toLowerCase(Locale.ROOT))) {
                            return h.getAsciiName().toLowerCase(Locale.ROOT);
                        }
                    }
                }
                return "";
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return "";
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return chains.getOrDefault(alias, fallback);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return key;
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return chains.keySet().toArray(String[]::new);
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return null;
            }
        };
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(new KeyManager[] {km}, null, null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress(address, port), 1024);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.createContext("/", exchange -> {
            try (exchange) {
                String host = String.valueOf(exchange.getRequestHeaders().getFirst("Host"))
                        .toLowerCase(Locale.ROOT);
                int colon = host.indexOf(':');
                if (colon >= 0) {
                    host = host.substring(0, colon);
                }
                byte[] body = exchange.getRequestURI().getPath().equals("/.well-known/mta-sts.txt")
                        ? policies.get(host)
                        : null;
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        System.out.println("ready " + policies.size() + " policies on " + address + ":" + port);
        System.out.flush();
    }
}
