package dev.mailward.mitigations.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Document;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders guide Markdown to HTML safely: raw HTML in the source is escaped, link URLs are sanitised, and
 * every heading gets an id; a heading that is a finding code ({@code SPF_NO_RECORD}) gets exactly that
 * id so that {@code #CODE} links work. Internal to the mitigations module.
 */
public final class GuideMarkdown {

    /** Finding codes are upper snake case (FindingCode#name). */
    public static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+");

    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .attributeProviderFactory(context -> new HeadingIds())
            .build();

    private GuideMarkdown() {}

    /**
     * The guide as HTML. A table comes inside {@code <div class="table-wrap">}: on a phone it scrolls in its
     * own box instead of widening the page (raw HTML in the source is escaped, so every {@code <table>} in
     * the output is a Markdown table).
     */
    public static String render(String markdown) {
        return html(PARSER.parse(markdown));
    }

    /**
     * The guide cut at its level-2 headings: the slug of each heading ({@code fix-it}, {@code verify}) to the
     * HTML of what follows it up to the next level-2 heading, without the heading itself; what comes before
     * the first one is under the key {@code ""}. In the order of the source.
     */
    public static Map<String, String> sections(String markdown) {
        Node document = PARSER.parse(markdown);
        Map<String, List<Node>> parts = new LinkedHashMap<>();
        String current = "";
        parts.put(current, new ArrayList<>());
        for (Node n = document.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Heading h && h.getLevel() == 2) {
                current = slug(text(h));
                parts.putIfAbsent(current, new ArrayList<>());
            } else {
                parts.get(current).add(n);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        parts.forEach((key, nodes) -> {
            Document part = new Document();
            nodes.forEach(part::appendChild);
            out.put(key, html(part));
        });
        return out;
    }

    private static String html(Node document) {
        return RENDERER.render(document)
                .replace("<table>", "<div class=\"table-wrap\"><table>")
                .replace("</table>", "</table></div>");
    }

    /** The finding codes that have a heading of their own in {@code markdown}. */
    public static Set<String> codeSections(String markdown) {
        Set<String> codes = new LinkedHashSet<>();
        PARSER.parse(markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                String text = text(heading);
                if (CODE.matcher(text).matches()) {
                    codes.add(text);
                }
            }
        });
        return codes;
    }

    static String text(Node node) {
        StringBuilder sb = new StringBuilder();
        for (Node n = node.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Text t) {
                sb.append(t.getLiteral());
            } else if (n instanceof Code c) {
                sb.append(c.getLiteral());
            } else {
                sb.append(text(n));
            }
        }
        return sb.toString().trim();
    }

    static String slug(String text) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return s.isEmpty() ? "section" : s;
    }

    private static final class HeadingIds implements AttributeProvider {
        @Override
        public void setAttributes(Node node, String tagName, java.util.Map<String, String> attributes) {
            if (node instanceof Heading h) {
                String text = text(h);
                attributes.put("id", CODE.matcher(text).matches() ? text : slug(text));
                if (CODE.matcher(text).matches()) {
                    attributes.put("class", "code-section");
                }
            }
        }
    }
}
