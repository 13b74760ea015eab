/*
 * MTA-STS policy server for the DNS benchmark (src/bench/dns/run.sh). JDK only.
 *
 *   java src/bench/dns/PolicyServer.java ADDRESS PORT KEYSTORE.p12 PASSWORD POLICIES.tsv
 *
 * Serves https://mta-sts.<domain>/.well-known/mta-sts.txt for every host in POLICIES.tsv
 * ("<host>\t<policy, newlines written as \n>"), chosen by the Host header; 404 otherwise. The
 * certificate in KEYSTORE.p12 (made by run.sh with keytool, signed by a benchmark CA) names every
 * host. Prints "ready" on stdout when listening.
 */

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

public class PolicyServer {

    public static void main(String[] args) throws Exception {
        String address = args[0];
        int port = Integer.parseInt(args[1]);
        char[] password = args[3].toCharArray();
        Map<String, byte[]> policies = new HashMap<>();
        for (String line : Files.readAllLines(Path.of(args[4]))) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                policies.put(line.substring(0, tab).toLowerCase(Locale.ROOT),
                        line.substring(tab + 1).replace("\\n", "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(args[2])) {
            ks.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress(address, port), 1024);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.createContext("/", exchange -> {
            try (exchange) {
                String host = String.valueOf(exchange.getRequestHeaders().getFirst("Host")).toLowerCase(Locale.ROOT);
                int colon = host.indexOf(':');
                if (colon >= 0) {
                    host = host.substring(0, colon);
                }
                byte[] body = exchange.getRequestURI().getPath().equals("/.well-known/mta-sts.txt")
                        ? policies.get(host) : null;
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
