package dev.mailward.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The README's "Behind a TLS-terminating proxy": with {@code server.forward-headers-strategy=native}
 * and a proxy (here on loopback, a trusted address) saying {@code X-Forwarded-Proto: https}, the
 * console answers with HSTS and a {@code Secure} session cookie; a plain request gets neither.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.forward-headers-strategy=native")
class ProxyHeadersIntegrationTests {

    @LocalServerPort
    int port;

    private HttpResponse<String> login(String forwardedProto) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"));
        if (forwardedProto != null) {
            b.header("X-Forwarded-Proto", forwardedProto);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void aRequestForwardedAsHttpsGetsHstsAndASecureSessionCookie() throws Exception {
        HttpResponse<String> r = login("https");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Strict-Transport-Security"))
                .hasValueSatisfying(v -> assertThat(v).contains("max-age="));
        List<String> cookies = r.headers().allValues("Set-Cookie");
        assertThat(cookies)
                .filteredOn(c -> c.startsWith("JSESSIONID="))
                .singleElement()
                .satisfies(c -> assertThat(c).containsIgnoringCase("; Secure").containsIgnoringCase("HttpOnly"));
    }

    @Test
    void aPlainRequestGetsNeither() throws Exception {
        HttpResponse<String> r = login(null);
        assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(r.headers().allValues("Set-Cookie"))
                .filteredOn(c -> c.startsWith("JSESSIONID="))
                .allSatisfy(c -> assertThat(c).doesNotContainIgnoringCase("; Secure"));
    }
}
