package dev.mailward.configaudit;

import dev.mailward.configaudit.ConfigDiff.FileDiff;
import dev.mailward.configaudit.ConfigDiff.Hunk;
import dev.mailward.configaudit.ConfigDiff.Kind;
import dev.mailward.configaudit.ConfigDiff.Line;
import java.util.ArrayList;
import java.util.List;

/**
 * Line diff with Myers' O(ND) algorithm ("An O(ND) Difference Algorithm and Its Variations",
 * 1986) after stripping the common prefix and suffix. Uploads are hostile: the number of edits
 * explored is bounded by {@link #MAX_EDITS} (memory grows with its square); beyond it the
 * differing middle is shown as removed and re-added as a whole.
 */
final class LineDiff {

    /** Unchanged lines shown around a change. */
    static final int CONTEXT = 3;
    /** Most edits explored line by line. */
    static final int MAX_EDITS = 1_000;

    private LineDiff() {}

    static FileDiff diff(ConfigFile file, List<String> before, List<String> after) {
        int prefix = 0;
        while (prefix < before.size()
                && prefix < after.size()
                && before.get(prefix).equals(after.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < before.size() - prefix
                && suffix < after.size() - prefix
                && before.get(before.size() - 1 - suffix).equals(after.get(after.size() - 1 - suffix))) {
            suffix++;
        }
        List<String> a = before.subList(prefix, before.size() - suffix);
        List<String> b = after.subList(prefix, after.size() - suffix);
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < prefix; i++) {
            lines.add(new Line(Kind.SAME, i + 1, i + 1, before.get(i)));
        }
        List<Line> middle = myers(a, b, prefix);
        boolean truncated = middle == null;
        if (truncated) {
            middle = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                middle.add(new Line(Kind.REMOVED, prefix + i + 1, 0, a.get(i)));
            }
            for (int j = 0; j < b.size(); j++) {
                middle.add(new Line(Kind.ADDED, 0, prefix + j + 1, b.get(j)));
            }
        }
        lines.addAll(middle);
        for (int i = 0; i < suffix; i++) {
            int o = before.size() - suffix + i;
            int n = after.size() - suffix + i;
            lines.add(new Line(Kind.SAME, o + 1, n + 1, before.get(o)));
        }
        int added = (int) lines.stream().filter(l -> l.kind() == Kind.ADDED).count();
        int removed = (int) lines.stream().filter(l -> l.kind() == Kind.REMOVED).count();
        return new FileDiff(file, added, removed, hunks(lines), truncated);
    }

    /** The edit script of a and b (line numbers offset by {@code base}), or null beyond {@link #MAX_EDITS}. */
    private static List<Line> myers(List<String> a, List<String> b, int base) {
        int n = a.size();
        int m = b.size();
        int limit = Math.min(n + m, MAX_EDITS);
        int offset = limit + 1;
        int[] v = new int[2 * limit + 3];
        // trace.get(d) holds v[-d-1 .. d+1] as it was when step d began
        List<int[]> trace = new ArrayList<>();
        for (int d = 0; d <= limit; d++) {
            int[] snap = new int[2 * d + 3];
            System.arraycopy(v, offset - d - 1, snap, 0, snap.length);
            trace.add(snap);
            for (int k = -d; k <= d; k += 2) {
                int x = k == -d || k != d && v[offset + k - 1] < v[offset + k + 1]
                        ? v[offset + k + 1]
                        : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    return backtrack(a, b, trace, base);
                }
            }
        }
        return null;
    }

    private static List<Line> backtrack(List<String> a, List<String> b, List<int[]> trace, int base) {
        List<Line> reversed = new ArrayList<>();
        int x = a.size();
        int y = b.size();
        for (int d = trace.size() - 1; d >= 0; d--) {
            int[] v = trace.get(d);
            int k = x - y;
            int prevK = k == -d || k != d && at(v, d, k - 1) < at(v, d, k + 1) ? k + 1 : k - 1;
            int prevX = at(v, d, prevK);
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                reversed.add(new Line(Kind.SAME, base + x, base + y, a.get(x - 1)));
                x--;
                y--;
            }
            if (d > 0) {
                if (x == prevX) {
                    reversed.add(new Line(Kind.ADDED, 0, base + y, b.get(y - 1)));
                } else {
                    reversed.add(new Line(Kind.REMOVED, base + x, 0, a.get(x - 1)));
                }
            }
            x = prevX;
            y = prevY;
        }
        return reversed.reversed();
    }

    private static int at(int[] snap, int d, int k) {
        return snap[k + d + 1];
    }

    /** Changed lines with {@link #CONTEXT} unchanged lines around them; nearby changes share a hunk. */
    private static List<Hunk> hunks(List<Line> lines) {
        List<Hunk> hunks = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            if (lines.get(i).kind() == Kind.SAME) {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            int sameRun = 0;
            int j = i;
            while (j < lines.size()) {
                if (lines.get(j).kind() == Kind.SAME) {
                    sameRun++;
                    if (sameRun > 2 * CONTEXT) {
                        break;
                    }
                } else {
                    sameRun = 0;
                    end = j;
                }
                j++;
            }
            int stop = Math.min(lines.size(), end + 1 + CONTEXT);
            hunks.add(new Hunk(lines.subList(start, stop)));
            i = stop;
        }
        return hunks;
    }
}
