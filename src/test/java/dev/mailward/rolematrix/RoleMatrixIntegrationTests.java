package dev.mailward.rolematrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.rolematrix.RoleMatrixContext.Identity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Every route of every module (and springdoc's, which serve the OpenAPI document), requested as every
 * identity, must answer with the status its
 * module's {@code src/test/resources/role-matrix/*.tsv} expects. A route without a row fails the
 * test, and so does a row that matches no route. See {@code accounts.tsv} for the format and
 * {@link RoleMatrixFixture} for how a module provides its rows.
 */
@MailwardIntegrationTest
class RoleMatrixIntegrationTests {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    @Autowired
    AccountsTestSupport accounts;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** One route: an HTTP method and a path pattern of a handler in {@code dev.mailward}. */
    /** Routes answered by Spring Security's filters rather than a controller: rows are required for them too. */
    private static final List<String> FILTER_ROUTES = List.of(
            "POST /webauthn/register/options",
            "POST /webauthn/register",
            "POST /webauthn/authenticate/options",
            "POST /login/webauthn");

    record Route(HttpMethod method, PathPattern pattern, String handler) {
        @Override
        public String toString() {
            return method.name() + " " + pattern.getPatternString() + "  (" + handler + ")";
        }
    }

    /** One TSV row. */
    record Row(
            String file,
            int line,
            HttpMethod method,
            String path,
            Map<Identity, Integer> expected,
            Optional<String> body) {
        String where() {
            return file + ":" + line;
        }
    }

    @Test
    void everyRouteAnswersEveryIdentityAsTheMatrixSays() throws Exception {
        List<Route> routes = routes();
        List<Row> rows = rows();
        Map<String, String> values = fixtures();

        List<String> problems = new ArrayList<>();
        Map<Route, List<Row>> covered = new LinkedHashMap<>();
        routes.forEach(r -> covered.put(r, new ArrayList<>()));
        Map<Row, String> concretePaths = new LinkedHashMap<>();
        for (Row row : rows) {
            String concrete;
            try {
                concrete = substitute(row.path(), values);
            } catch (IllegalArgumentException e) {
                problems.add(row.where() + ": " + e.getMessage());
                continue;
            }
            concretePaths.put(row, concrete);
            String pathOnly = concrete.contains("?") ? concrete.substring(0, concrete.indexOf('?')) : concrete;
            PathContainer container = PathContainer.parsePath(pathOnly);
            Optional<Route> best = routes.stream()
                    .filter(r -> r.method().equals(row.method()) && r.pattern().matches(container))
                    .min((a, b) -> PathPattern.SPECIFICITY_COMPARATOR.compare(a.pattern(), b.pattern()));
            if (best.isEmpty()) {
                problems.add(row.where() + ": no route matches " + row.method() + " " + row.path()
                        + " (stale row? remove it or fix the path)");
            } else {
                covered.get(best.get()).add(row);
            }
        }
        covered.forEach((route, rs) -> {
            if (rs.isEmpty()) {
                problems.add("no role-matrix row for route " + route
                        + " (add one to src/test/resources/role-matrix/<module>.tsv)");
            }
        });

        for (Map.Entry<Row, String> e : concretePaths.entrySet()) {
            Row row = e.getKey();
            for (Identity identity : Identity.values()) {
                int expected = row.expected().get(identity);
                int actual = perform(row, e.getValue(), identity, values);
                if (actual != expected) {
                    problems.add(row.where() + ": " + row.method() + " " + e.getValue() + " as " + identity
                            + " answered " + actual + ", expected " + expected);
                }
            }
        }
        assertThat(problems)
                .as("role matrix problems:\n  " + String.join("\n  ", problems))
                .isEmpty();
    }

    private int perform(Row row, String path, Identity identity, Map<String, String> values) throws Exception {
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(row.method(), path);
        if (row.method() != HttpMethod.GET && row.method() != HttpMethod.HEAD) {
            request.with(csrf());
        }
        if (row.body().isPresent()) {
            request.contentType(MediaType.APPLICATION_JSON)
                    .content(substitute(row.body().get(), values));
        }
        if (identity != Identity.ANONYMOUS) {
            request.with(user(accounts.principal(contextUsers.get(identity).username())));
        }
        return mvc.perform(request).andReturn().getResponse().getStatus();
    }

    private Map<Identity, UserView> contextUsers;

    private Map<String, String> fixtures() {
        TeamRef teamA = accounts.team("matrix-a");
        TeamRef teamB = accounts.team("matrix-b");
        contextUsers = new EnumMap<>(Identity.class);
        contextUsers.put(Identity.ADMIN, accounts.user("matrix-admin", Role.ADMIN));
        contextUsers.put(Identity.OPERATOR, accounts.user("matrix-operator", Role.OPERATOR, teamA));
        contextUsers.put(Identity.AUDITOR, accounts.user("matrix-auditor", Role.AUDITOR, teamA));
        contextUsers.put(Identity.OTHER_TEAM, accounts.user("matrix-other", Role.OPERATOR, teamB));
        String unique = AccountsTestSupport.unique("m").substring(2);
        RoleMatrixContext ctx = new RoleMatrixContext(teamA, teamB, contextUsers, unique);

        Map<String, String> values = new TreeMap<>();
        values.put("teamA", String.valueOf(teamA.id()));
        values.put("teamB", String.valueOf(teamB.id()));
        values.put("unique", unique);
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(RoleMatrixFixture.class));
        for (var candidate : scanner.findCandidateComponents("dev.mailward")) {
            try {
                Class<?> type = Class.forName(candidate.getBeanClassName());
                if (type.isInterface()) {
                    continue;
                }
                RoleMatrixFixture fixture = (RoleMatrixFixture)
                        context.getAutowireCapableBeanFactory().createBean(type);
                fixture.create(ctx).forEach((k, v) -> {
                    if (values.putIfAbsent(k, v) != null) {
                        throw new IllegalStateException(type.getSimpleName() + " redefines placeholder {" + k + "}");
                    }
                });
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return values;
    }

    private static String substitute(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(
                        "unknown placeholder {" + m.group(1) + "}; known: " + values.keySet());
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<RequestMappingInfo, HandlerMethod> handlers = new LinkedHashMap<>(mappings.getHandlerMethods());
        // and the exposed actuator endpoints (health, the Prometheus scrape), served by their own mapping
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values().stream()
                .filter(m -> m.getClass().getSimpleName().contains("EndpointHandlerMapping"))
                .forEach(m -> handlers.putAll(m.getHandlerMethods()));
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : handlers.entrySet()) {
            HandlerMethod handler = e.getValue();
            // ours, springdoc's OpenAPI document and Swagger UI configuration, and the actuator's endpoints,
            // which the console serves too
            String owner = handler.getBeanType().getPackageName();
            if (!owner.startsWith("dev.mailward")
                    && !owner.startsWith("org.springdoc")
                    && !owner.contains(".actuate.")) {
                continue;
            }
            String name = handler.getBeanType().getSimpleName() + "#"
                    + handler.getMethod().getName();
            var methods = e.getKey().getMethodsCondition().getMethods();
            if (methods.isEmpty()) {
                problems.add(name + " maps every HTTP method; declare one (@GetMapping, @PostMapping, ...)");
                continue;
            }
            for (var method : methods) {
                for (PathPattern pattern : e.getKey().getPathPatternsCondition().getPatterns()) {
                    routes.add(new Route(HttpMethod.valueOf(method.name()), pattern, name));
                }
            }
        }
        // what Spring Security's own filters answer (passkeys: WebAuthn's ceremonies), with no controller behind
        for (String filterRoute : FILTER_ROUTES) {
            String[] parts = filterRoute.split(" ");
            routes.add(new Route(
                    HttpMethod.valueOf(parts[0]),
                    PathPatternParser.defaultInstance.parse(parts[1]),
                    "Spring Security filter"));
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
        assertThat(routes).as("routes found").isNotEmpty();
        return routes;
    }

    private static List<Row> rows() throws IOException {
        Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:role-matrix/*.tsv");
        assertThat(files).as("role-matrix/*.tsv on the test class path").isNotEmpty();
        List<Row> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Resource file : files) {
            String text;
            try (InputStream in = file.getInputStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].stripTrailing();
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String where = file.getFilename() + ":" + (i + 1);
                String[] cells = line.split("\t");
                if (cells.length < 7 || cells.length > 8) {
                    problems.add(where + ": expected 7 or 8 tab-separated cells, found " + cells.length);
                    continue;
                }
                Map<Identity, Integer> expected = new EnumMap<>(Identity.class);
                try {
                    for (Identity identity : Identity.values()) {
                        expected.put(identity, Integer.parseInt(cells[2 + identity.ordinal()].strip()));
                    }
                    rows.add(new Row(
                            file.getFilename(),
                            i + 1,
                            HttpMethod.valueOf(cells[0].strip()),
                            cells[1].strip(),
                            expected,
                            cells.length == 8 ? Optional.of(cells[7].strip()) : Optional.empty()));
                } catch (IllegalArgumentException e) {
                    problems.add(where + ": " + e.getMessage());
                }
            }
        }
        assertThat(problems)
                .as("malformed role-matrix rows:\n" + String.join("\n", problems))
                .isEmpty();
        // the same request twice is a copy-paste slip
        var seen = new TreeSet<String>();
        rows.forEach(r -> assertThat(seen.add(r.method() + " " + r.path()))
                .as("duplicate row " + r.where())
                .isTrue());
        return rows;
    }
}
