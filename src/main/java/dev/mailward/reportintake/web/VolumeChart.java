package dev.mailward.reportintake.web;

import dev.mailward.reportintake.DmarcSummary;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The geometry of the messages-per-day chart, drawn by the page as inline SVG (no script): one bar per day of
 * the period, passing messages at the bottom and failing messages stacked above, in a {@link #WIDTH} by
 * {@link #HEIGHT} view box that scales with the page. Days without a report are bars of height 0. The page
 * gives the same figures as a table for screen readers and for reading exact numbers.
 */
record VolumeChart(List<Bar> bars, long max, long messages, long passing, String firstDay, String lastDay) {

    static final int WIDTH = 800;
    static final int HEIGHT = 200;
    static final int TOP = 10;

    /** One day: position and heights (view-box units, as text), and the figures. */
    record Bar(
            LocalDate day,
            long messages,
            long passing,
            String x,
            String width,
            String passY,
            String passHeight,
            String failY,
            String failHeight) {

        public long failing() {
            return messages - passing;
        }
    }

    static VolumeChart of(List<DmarcSummary.Day> days, LocalDate from, LocalDate to) {
        Map<LocalDate, DmarcSummary.Day> byDay = new HashMap<>();
        for (DmarcSummary.Day d : days) {
            byDay.put(d.day(), d);
        }
        int n = (int) ChronoUnit.DAYS.between(from, to) + 1;
        long max = 0;
        long messages = 0;
        long passing = 0;
        for (DmarcSummary.Day d : days) {
            max = Math.max(max, d.messages());
            messages += d.messages();
            passing += d.passing();
        }
        double slot = (double) WIDTH / n;
        double barWidth = Math.max(slot * 0.8, 0.5);
        double usable = HEIGHT - TOP;
        List<Bar> bars = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            LocalDate day = from.plusDays(i);
            DmarcSummary.Day d = byDay.getOrDefault(day, new DmarcSummary.Day(day, 0, 0));
            double passH = max == 0 ? 0 : usable * d.passing() / max;
            double failH = max == 0 ? 0 : usable * (d.messages() - d.passing()) / max;
            bars.add(new Bar(
                    day,
                    d.messages(),
                    d.passing(),
                    num(i * slot + (slot - barWidth) / 2),
                    num(barWidth),
                    num(HEIGHT - passH),
                    num(passH),
                    num(HEIGHT - passH - failH),
                    num(failH)));
        }
        return new VolumeChart(bars, max, messages, passing, from.toString(), to.toString());
    }

    public long failing() {
        return messages - passing;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
