package dev.mailward.results;

/**
 * What a re-judge of every domain's latest observation did ({@link Results#rejudgeAll}).
 *
 * @param rejudged domains whose latest observation was judged again and recorded as a new run
 * @param withoutObservation domains with no stored observation (never scanned since observations are
 *     stored, or the latest was too large to store); left as they are
 * @param undecodable domains whose stored observation could not be read or judged; left as they are
 * @param rulesVersion the rules they were judged under
 * @param elapsedMillis how long the re-judge took
 */
public record RejudgeCounts(
        int rejudged, int withoutObservation, int undecodable, int rulesVersion, long elapsedMillis) {

    /** Every domain looked at. */
    public int domains() {
        return rejudged + withoutObservation + undecodable;
    }
}
