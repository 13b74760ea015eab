package dev.mailward.shared.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * The answer to a request Tomcat refuses before the application sees it (a request line or
 * headers larger than {@code server.max-http-request-header-size}, a malformed request line):
 * problem details for {@code /api/**} and for requests whose address could not be read, a short
 * readable page otherwise, instead of Tomcat's own page. Errors the application answers go
 * through {@link ErrorResponses}; this valve only writes when nothing else did. It replaces the
 * error report valve Spring Boot installs (which also shows no stack trace or server version).
 */
@Component
class ContainerErrorReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            Container parent = context.getParent();
            for (Valve v : parent.getPipeline().getValves()) {
                if (v instanceof ErrorReportValve) {
                    parent.getPipeline().removeValve(v);
                }
            }
            if (parent instanceof StandardHost host) {
                // the host adds a valve of this class at start unless one is there
                host.setErrorReportValveClass(ProblemValve.class.getName());
            }
            parent.getPipeline().addValve(new ProblemValve());
        });
    }

    /** After Spring Boot's customizer, whose error report valve this one replaces. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Writes the refusal when the response is an error without a body. */
    public static class ProblemValve extends ErrorReportValve {

        public ProblemValve() {
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int code = response.getStatus();
            if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            HttpStatus status = HttpStatus.resolve(code);
            String reason = status == null ? "Error" : status.getReasonPhrase();
            String detail = switch (code) {
                case 400 -> "The request could not be read: its address or headers are malformed or too large";
                case 413 -> "The request is too large";
                case 414 -> "The address is too long";
                case 431 -> "The request's headers are too large";
                default -> reason;
            };
            String uri = request.getDecodedRequestURI();
            boolean api = uri == null || uri.isEmpty() || uri.startsWith("/api/");
            try {
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                Writer out = response.getReporter();
                if (out == null) {
                    return;
                }
                if (api) {
                    response.setContentType("application/problem+json");
                    out.write("{\"type\":\"about:blank\",\"title\":\"" + reason + "\",\"status\":" + code
                            + ",\"detail\":\"" + detail + "\"}");
                } else {
                    response.setContentType("text/html");
                    out.write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error " + code
                            + "</title></head><body><main><h1>Error " + code + "</h1><p>" + HtmlUtils.htmlEscape(detail)
                            + ".</p><p><a href=\"/\">Back to the console</a></p></main></body></html>");
                }
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                // the client is gone or the response cannot be written: nothing more to do
            }
        }
    }
}
