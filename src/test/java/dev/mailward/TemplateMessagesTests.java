package dev.mailward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.Status;
import dev.mailward.mitigations.MitigationStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.attoparser.AbstractMarkupHandler;
import org.attoparser.MarkupParser;
import org.attoparser.ParseException;
import org.attoparser.config.ParseConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.Elvis;
import org.springframework.expression.spel.ast.OpPlus;
import org.springframework.expression.spel.ast.StringLiteral;
import org.springframework.expression.spel.ast.Ternary;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.thymeleaf.context.ExpressionContext;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.standard.expression.AdditionExpression;
import org.thymeleaf.standard.expression.Assignation;
import org.thymeleaf.standard.expression.AssignationUtils;
import org.thymeleaf.standard.expression.BinaryOperationExpression;
import org.thymeleaf.standard.expression.ConditionalExpression;
import org.thymeleaf.standard.expression.DefaultExpression;
import org.thymeleaf.standard.expression.GenericTokenExpression;
import org.thymeleaf.standard.expression.IStandardExpression;
import org.thymeleaf.standard.expression.IStandardExpressionParser;
import org.thymeleaf.standard.expression.IStandardVariableExpression;
import org.thymeleaf.standard.expression.MessageExpression;
import org.thymeleaf.standard.expression.StandardExpressions;
import org.thymeleaf.standard.expression.TextLiteralExpression;
import org.unbescape.html.HtmlEscape;

/**
 * The i18n convention of the templates (HOUSE_STYLE 11): every word a user sees comes from the
 * message bundle, and every message a template asks for exists.
 *
 * <p>"Seen" means a text node that reaches the page, a literal {@code title}, {@code alt},
 * {@code aria-label}, {@code placeholder} or {@code label} attribute (and the {@code value} of a
 * button), and a text literal that an expression shows in one of those places
 * ({@code th:text="${x} + ' UTC'"}). Prototype text that Thymeleaf replaces (the body of an element
 * with {@code th:text}, {@code th:utext} or a fragment {@code th:replace}) is not seen. Text without
 * a letter (punctuation, symbols, digits) is allowed; {@link #ALLOWED} lists the few literals with
 * letters that are codes, not words.
 *
 * <p>The templates are read with the parser Thymeleaf itself uses (AttoParser) and their expressions
 * with Thymeleaf's and Spring's expression parsers, so the test sees what Thymeleaf sees.
 */
class TemplateMessagesTests {

    /** Literals with letters that templates may show as they are, each with the reason it is no word. */
    static final Map<String, String> ALLOWED =
            Map.of("mw_", "the prefix of every API token: part of the token a user copies, not a word");

    /** Attributes a browser shows (tooltips, screen readers, empty fields, confirmation dialogs). */
    static final Set<String> SEEN_ATTRIBUTES =
            Set.of("title", "alt", "aria-label", "placeholder", "label", "data-confirm", "data-template");

    /** Attributes whose expression becomes visible text. */
    static final Set<String> SEEN_EXPRESSIONS =
            Set.of("th:text", "th:utext", "th:title", "th:alt", "th:aria-label", "th:placeholder", "th:label");

    private static final Pattern LETTER = Pattern.compile("\\p{L}");
    private static final Pattern SPEL_MESSAGE = Pattern.compile("#messages\\.msg(?:OrNull)?\\(\\s*'([^']+)'");

    private static final SpringTemplateEngine ENGINE = new SpringTemplateEngine();
    private static final IExpressionContext CONTEXT = new ExpressionContext(ENGINE.getConfiguration());
    private static final IStandardExpressionParser PARSER =
            StandardExpressions.getExpressionParser(ENGINE.getConfiguration());
    private static final SpelExpressionParser SPEL = new SpelExpressionParser();

    @Test
    void templatesShowNoLiteralText() throws IOException {
        List<String> problems = new ArrayList<>();
        templates().forEach((name, document) -> walk(document, false, name, problems));
        assertThat(problems)
                .as("literal text in templates; move it to a message key (messages/*.properties):\n  "
                        + String.join("\n  ", problems))
                .isEmpty();
    }

    @Test
    void everyMessageKeyATemplateUsesExists() throws IOException {
        Set<String> keys = messageKeys();
        List<String> problems = new ArrayList<>();
        templates().forEach((name, document) -> {
            List<KeyUse> uses = new ArrayList<>();
            collectKeys(document, uses);
            for (KeyUse use : uses) {
                if (keys.stream().noneMatch(k -> use.pattern().matcher(k).matches())) {
                    problems.add(name + ":" + use.line() + ": no message " + use.key());
                }
            }
        });
        assertThat(problems)
                .as("message keys the templates use but no messages/*.properties defines:\n  "
                        + String.join("\n  ", problems))
                .isEmpty();
    }

    @Test
    void everyStatusHasOneWordInTheStatusFamily() throws IOException {
        Set<String> keys = messageKeys();
        Stream.concat(
                        Arrays.stream(Status.values()).map(Enum::name),
                        Arrays.stream(MitigationStatus.values()).map(Enum::name))
                .forEach(s -> assertThat(keys).as("status." + s).contains("status." + s));
        // the words of a status are said once: no module keeps its own copy
        Pattern copy =
                Pattern.compile(".+\\.[a-z]*status\\.(PASS|WARN|FAIL|ERROR|NOT_APPLICABLE|NOT_MEASURED|ACCEPTED)");
        assertThat(keys.stream().filter(k -> copy.matcher(k).matches()).toList())
                .as("status words outside the status.* family")
                .isEmpty();
    }

    @Test
    void theCheckSeesLiteralTextAndMissingKeys() {
        Element page = parse("""
                <p>Hello</p><p th:text="#{a.b}">prototype</p><p title="Tooltip">·</p>
                <p th:text="${x} + ' UTC'">t</p><p th:text="${x == 'on'} ? ${'(' + y + ')'} : #{c.d}">t</p>
                <span th:attr="aria-label='Pages',data-x='free'"></span><p th:text="${'mw_' + t}">x</p>
                <nav th:replace="~{frag :: nav}">Prototype</nav>
                <div th:replace="~{frag :: e(~{::here})}"><b th:ref="here">Seen</b></div>
                <span th:text="#{'status.' + ${s}}">s</span><span th:text="${#messages.msg('e.f')}">s</span>
                """);
        List<String> problems = new ArrayList<>();
        walk(page, false, "t", problems);
        assertThat(problems)
                .hasSize(5)
                .anySatisfy(p -> assertThat(p).contains("Hello"))
                .anySatisfy(p -> assertThat(p).contains("Tooltip"))
                .anySatisfy(p -> assertThat(p).contains("' UTC'"))
                .anySatisfy(p -> assertThat(p).contains("Pages"))
                .anySatisfy(p -> assertThat(p).contains("Seen"));
        List<KeyUse> uses = new ArrayList<>();
        collectKeys(page, uses);
        assertThat(uses).extracting(KeyUse::key).containsExactlyInAnyOrder("a.b", "c.d", "status.*", "e.f");
    }

    // ------------------------------------------------------------------ literal text

    private static void walk(Element node, boolean replaced, String template, List<String> problems) {
        for (Node child : node.children()) {
            if (child instanceof Text text && !replaced) {
                String content = HtmlEscape.unescapeHtml(text.content()).strip();
                if (isWord(content)) {
                    problems.add(template + ":" + text.line() + ": text \"" + content + "\"");
                }
            } else if (child instanceof Element element) {
                String name = element.name().toLowerCase();
                if (name.equals("script") || name.equals("style")) {
                    continue;
                }
                if (!replaced) {
                    checkAttributes(element, template, problems);
                }
                walk(element, replaced || replacesBody(element), template, problems);
            }
        }
    }

    /** Whether Thymeleaf throws the element's body away (so it is prototype text). */
    private static boolean replacesBody(Element e) {
        if (Stream.of("th:text", "th:utext", "sec:authentication").anyMatch(e.attributes()::containsKey)) {
            return true;
        }
        String remove = e.attributes().get("th:remove");
        if ("all".equals(remove) || "body".equals(remove)) {
            return true;
        }
        for (String insertion : List.of("th:replace", "th:insert")) {
            String value = e.attributes().get(insertion);
            // a fragment that takes markup of this very template (~{::main}) shows the body
            if (value != null && !value.replace(" ", "").contains("~{::") && !value.contains("this::")) {
                return true;
            }
        }
        return false;
    }

    private static void checkAttributes(Element e, String template, List<String> problems) {
        String where = template + ":" + e.line() + ": <" + e.name() + "> ";
        Map<String, String> attributes = e.attributes();
        Set<String> dynamic = new TreeSet<>();
        String attr = attributes.get("th:attr");
        if (attr != null) {
            for (Assignation a : AssignationUtils.parseAssignationSequence(CONTEXT, attr, false)
                    .getAssignations()) {
                String target = a.getLeft().getStringRepresentation();
                dynamic.add(target);
                if (SEEN_ATTRIBUTES.contains(target) || isButtonValue(e, target)) {
                    literals(a.getRight(), true, where + "th:attr " + target, problems);
                }
            }
        }
        attributes.forEach((name, value) -> {
            if (SEEN_EXPRESSIONS.contains(name) || (name.startsWith("th:") && isButtonValue(e, name.substring(3)))) {
                literals(PARSER.parseExpression(CONTEXT, value), true, where + name, problems);
            } else if ((SEEN_ATTRIBUTES.contains(name) || isButtonValue(e, name))
                    && !attributes.containsKey("th:" + name)
                    && !dynamic.contains(name)
                    && isWord(HtmlEscape.unescapeHtml(value))) {
                problems.add(where + name + "=\"" + value + "\"");
            }
        });
    }

    private static boolean isButtonValue(Element e, String attribute) {
        if (!attribute.equals("value")) {
            return false;
        }
        String type = String.valueOf(e.attributes().get("type")).toLowerCase();
        return e.name().equalsIgnoreCase("button")
                || e.name().equalsIgnoreCase("input")
                        && Set.of("submit", "button", "reset").contains(type);
    }

    /**
     * Reports the text literals {@code expression} shows, where {@code shown}: the whole, the operands of {@code +},
     * the branches of {@code ? :}, both sides of {@code ?:} and the parameters of a message; not what is compared,
     * indexed or passed to a method.
     */
    private static void literals(IStandardExpression expression, boolean shown, String where, List<String> problems) {
        switch (expression) {
            case TextLiteralExpression t -> {
                if (shown) {
                    word(t.getValue().getValue(), where, problems);
                }
            }
            case GenericTokenExpression t -> {
                if (shown) {
                    word(String.valueOf(t.getValue()), where, problems);
                }
            }
            case AdditionExpression a -> {
                literals(a.getLeft(), shown, where, problems);
                literals(a.getRight(), shown, where, problems);
            }
            case ConditionalExpression c -> {
                literals(c.getConditionExpression(), false, where, problems);
                literals(c.getThenExpression(), shown, where, problems);
                if (c.getElseExpression() != null) {
                    literals(c.getElseExpression(), shown, where, problems);
                }
            }
            case DefaultExpression d -> {
                literals(d.getQueriedExpression(), shown, where, problems);
                literals(d.getDefaultExpression(), shown, where, problems);
            }
            case BinaryOperationExpression b -> {
                literals(b.getLeft(), false, where, problems);
                literals(b.getRight(), false, where, problems);
            }
            case MessageExpression m -> {
                // the parameters of a message are shown inside it
                if (m.hasParameters()) {
                    m.getParameters().getExpressions().forEach(p -> literals(p, true, where, problems));
                }
            }
            case IStandardVariableExpression v ->
                spelLiterals(((SpelExpression) SPEL.parseRaw(v.getExpression())).getAST(), shown, where, problems);
            default -> {
                // links, fragments, numbers, booleans: nothing shown as text
            }
        }
    }

    private static void spelLiterals(SpelNode node, boolean shown, String where, List<String> problems) {
        switch (node) {
            case StringLiteral s -> {
                if (shown) {
                    word(String.valueOf(s.getLiteralValue().getValue()), where, problems);
                }
            }
            case OpPlus p -> {
                for (int i = 0; i < p.getChildCount(); i++) {
                    spelLiterals(p.getChild(i), shown, where, problems);
                }
            }
            case Ternary t -> {
                spelLiterals(t.getChild(1), shown, where, problems);
                spelLiterals(t.getChild(2), shown, where, problems);
            }
            case Elvis e -> {
                spelLiterals(e.getChild(0), shown, where, problems);
                spelLiterals(e.getChild(1), shown, where, problems);
            }
            default -> {
                // comparisons, indexes, method arguments: not shown
            }
        }
    }

    private static void word(String literal, String where, List<String> problems) {
        if (isWord(literal) && !ALLOWED.containsKey(literal)) {
            problems.add(where + ": literal '" + literal + "'");
        }
    }

    private static boolean isWord(String text) {
        return LETTER.matcher(text).find();
    }

    // ------------------------------------------------------------------ message keys

    /** One {@code #{...}} in a template: its key, or a pattern ({@code status.*}) where part of it is computed. */
    record KeyUse(String key, Pattern pattern, int line) {}

    private static void collectKeys(Element node, List<KeyUse> uses) {
        for (Node child : node.children()) {
            if (child instanceof Element element) {
                element.attributes().forEach((name, value) -> {
                    if (name.startsWith("th:") && value != null) {
                        keysIn(value, element.line(), uses);
                    }
                });
                collectKeys(element, uses);
            }
        }
    }

    private static void keysIn(String value, int line, List<KeyUse> uses) {
        for (int start = value.indexOf("#{"); start >= 0; start = value.indexOf("#{", start + 2)) {
            int end = closingBrace(value, start + 1);
            MessageExpression message =
                    (MessageExpression) PARSER.parseExpression(CONTEXT, value.substring(start, end + 1));
            StringBuilder key = new StringBuilder();
            keyPattern(message.getBase(), key);
            String k = key.toString();
            uses.add(new KeyUse(
                    k,
                    Pattern.compile(Arrays.stream(k.split("\\*", -1))
                            .map(Pattern::quote)
                            .reduce((a, b) -> a + ".+" + b)
                            .orElseThrow()),
                    line));
        }
        Matcher m = SPEL_MESSAGE.matcher(value);
        while (m.find()) {
            uses.add(new KeyUse(m.group(1), Pattern.compile(Pattern.quote(m.group(1))), line));
        }
    }

    private static void keyPattern(IStandardExpression base, StringBuilder key) {
        switch (base) {
            case TextLiteralExpression t -> key.append(t.getValue().getValue());
            case GenericTokenExpression t -> key.append(t.getValue());
            case AdditionExpression a -> {
                keyPattern(a.getLeft(), key);
                keyPattern(a.getRight(), key);
            }
            default -> key.append('*');
        }
    }

    private static int closingBrace(String s, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' && s.charAt(i - 1) != '\\') {
                quoted = !quoted;
            } else if (!quoted && c == '{') {
                depth++;
            } else if (!quoted && c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced braces in " + s);
    }

    /** The keys of the bundles {@code spring.messages.basename} names. */
    private static Set<String> messageKeys() throws IOException {
        Properties application = load(new ClassPathResource("application.properties"));
        Set<String> keys = new TreeSet<>();
        for (String base : application.getProperty("spring.messages.basename").split(",")) {
            load(new ClassPathResource(base.strip() + ".properties"))
                    .stringPropertyNames()
                    .forEach(keys::add);
        }
        return keys;
    }

    private static Properties load(Resource resource) throws IOException {
        Properties p = new Properties();
        try (Reader in = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    // ------------------------------------------------------------------ templates

    private static Map<String, Element> templates() throws IOException {
        Map<String, Element> documents = new LinkedHashMap<>();
        for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:templates/**/*.html")) {
            String path = r.getURL().getPath();
            try (InputStream in = r.getInputStream()) {
                documents.put(
                        path.substring(path.indexOf("templates/")),
                        parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        assertThat(documents).as("templates on the class path").isNotEmpty();
        return documents;
    }

    /** A template as a tree, without Thymeleaf's processing: elements and texts, each with its line. */
    sealed interface Node permits Element, Text {}

    record Element(String name, Map<String, String> attributes, int line, List<Node> children) implements Node {}

    record Text(String content, int line) implements Node {}

    /** Parses {@code html} with AttoParser's HTML configuration (the one Thymeleaf uses: no tree repair). */
    private static Element parse(String html) {
        Element document = new Element("#document", Map.of(), 1, new ArrayList<>());
        Deque<Element> open = new ArrayDeque<>(List.of(document));
        try {
            new MarkupParser(ParseConfiguration.htmlConfiguration()).parse(html, new AbstractMarkupHandler() {
                private Element element(char[] b, int offset, int length, int line) {
                    Element e =
                            new Element(new String(b, offset, length), new LinkedHashMap<>(), line, new ArrayList<>());
                    open.peek().children().add(e);
                    return e;
                }

                @Override
                public void handleOpenElementStart(char[] b, int offset, int length, int line, int col) {
                    open.push(element(b, offset, length, line));
                }

                @Override
                public void handleAutoOpenElementStart(char[] b, int offset, int length, int line, int col) {
                    open.push(element(b, offset, length, line));
                }

                @Override
                public void handleStandaloneElementStart(
                        char[] b, int offset, int length, boolean minimized, int line, int col) {
                    open.push(element(b, offset, length, line));
                }

                @Override
                public void handleStandaloneElementEnd(
                        char[] b, int offset, int length, boolean minimized, int line, int col) {
                    open.pop();
                }

                @Override
                public void handleCloseElementEnd(char[] b, int offset, int length, int line, int col) {
                    open.pop();
                }

                @Override
                public void handleAutoCloseElementEnd(char[] b, int offset, int length, int line, int col) {
                    open.pop();
                }

                @Override
                public void handleAttribute(
                        char[] b,
                        int nameOffset,
                        int nameLength,
                        int nameLine,
                        int nameCol,
                        int operatorOffset,
                        int operatorLength,
                        int operatorLine,
                        int operatorCol,
                        int valueOffset,
                        int valueLength,
                        int valueOuterOffset,
                        int valueOuterLength,
                        int valueLine,
                        int valueCol) {
                    open.peek()
                            .attributes()
                            .put(new String(b, nameOffset, nameLength), new String(b, valueOffset, valueLength));
                }

                @Override
                public void handleText(char[] b, int offset, int length, int line, int col) {
                    String text = new String(b, offset, length);
                    // the line of the first character that is not white space
                    String before = text.substring(
                            0, text.length() - text.stripLeading().length());
                    int newlines = (int) before.chars().filter(c -> c == '\n').count();
                    open.peek().children().add(new Text(text, line + newlines));
                }
            });
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        return document;
    }
}
