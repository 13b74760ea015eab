package dev.mailward.dashboard.web;

import dev.mailward.dashboard.DomainDashboard;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.web.util.HtmlUtils;

/**
 * The domain dashboard's "what changed" timeline as ready HTML, built once per request in Java: up to 500
 * changes of 30 days, each with six expressions and two status fragments in a template, were most of the
 * domain page's rendering. Every text is HTML-escaped here ({@link HtmlUtils#htmlEscape}): check ids and
 * targets come from scan results, labels from the message bundle; CSS classes are enum constants' names.
 */
final class TimelineHtml {

    /** As {@code #temporals.format(at, 'HH:mm')} formats an instant: in the JVM's zone. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

    private TimelineHtml() {}

    /**
     * One day of the timeline, ready to render.
     *
     * @param day the UTC day (escaped by the template's {@code th:text})
     * @param items its changes, newest first, one {@code <li>} each, escaped HTML
     */
    record Day(String day, String items) {}

    /** The days; {@code message} resolves a key of the message bundle. */
    static List<Day> of(List<DomainDashboard.Day> days, Function<String, String> lookup) {
        Map<String, String> labels = new HashMap<>(); // a dozen keys, asked up to 1,500 times
        Function<String, String> message = key -> labels.computeIfAbsent(key, lookup);
        List<Day> out = new ArrayList<>(days.size());
        StringBuilder b = new StringBuilder(4096);
        for (DomainDashboard.Day day : days) {
            b.setLength(0);
            for (DomainDashboard.Change c : day.changes()) {
                String direction = c.direction().name();
                b.append("<li><span class=\"direction direction-")
                        .append(direction)
                        .append("\">")
                        .append(esc(message.apply("scanning.direction." + direction)))
                        .append("</span>\n")
                        .append("<span class=\"mono\">")
                        .append(esc(c.check()))
                        .append("</span>\n")
                        .append("<span class=\"mono muted target\">")
                        .append(esc(c.target()))
                        .append("</span>\n")
                        .append("<span class=\"status status-")
                        .append(c.from().name())
                        .append("\">")
                        .append(esc(message.apply("status." + c.from().name())))
                        .append("</span> →\n")
                        .append("<span class=\"status status-")
                        .append(c.to().name())
                        .append("\">")
                        .append(esc(message.apply("status." + c.to().name())))
                        .append("</span>\n")
                        .append("<span class=\"muted\">")
                        .append(TIME.format(c.at()))
                        .append("</span></li>\n");
            }
            out.add(new Day(day.day().toString(), b.toString()));
        }
        return out;
    }

    private static String esc(String s) {
        return s == null ? "" : HtmlUtils.htmlEscape(s);
    }
}
