package dev.mailward.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The Server-Timing header reaches the client even when the page is larger than the response buffer. */
class ServerTimingFilterTests {

    @Test
    void reportsTheServerTimeOfAPageLargerThanTheResponseBuffer() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/dashboard");
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setBufferSize(8192);
        String page = "<tr><td>row</td></tr>".repeat(10_000); // 210 KB, as the portfolio
        new ServerTimingFilter().doFilter(request, response, (req, res) -> {
            res.setContentType("text/html");
            res.getWriter().write(page);
            res.getWriter().flush(); // Thymeleaf flushes when it is done
            sleep(20);
        });
        assertThat(response.getHeader(ServerTimingFilter.HEADER)).matches("app;dur=\\d+\\.\\d");
        double ms =
                Double.parseDouble(response.getHeader(ServerTimingFilter.HEADER).substring("app;dur=".length()));
        assertThat(ms).isGreaterThanOrEqualTo(20.0);
        assertThat(response.getContentAsString()).isEqualTo(page);
        assertThat(response.getStatus()).isEqualTo(HttpServletResponse.SC_OK);
    }

    @Test
    void leavesStaticResourcesAndTheApiAlone() throws Exception {
        for (String path :
                new String[] {"/css/mailward.css", "/webjars/htmx.org/dist/htmx.min.js", "/api/v1/domains"}) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            new ServerTimingFilter()
                    .doFilter(
                            new MockHttpServletRequest("GET", path),
                            response,
                            (req, res) -> res.getWriter().write("x"));
            assertThat(response.getHeader(ServerTimingFilter.HEADER)).as(path).isNull();
            assertThat(response.getContentAsString()).isEqualTo("x");
        }
    }

    @Test
    void formatsMillisecondsWithOneDecimalWhateverTheLocale() {
        assertThat(ServerTimingFilter.header(12_345_678)).isEqualTo("app;dur=12.3");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms); // stands for the work of rendering; not a synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
