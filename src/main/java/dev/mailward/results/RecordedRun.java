package dev.mailward.results;

/**
 * What the record stage found in one engine run of one domain ({@link Results#record}).
 *
 * @param worse changes that made the domain worse ({@link ChangeDirection#worsens})
 * @param better changes that made it better ({@link ChangeDirection#improves})
 * @param other the other changes (findings or DNS data changed, a target without a problem new or gone)
 * @param errors results that could not be measured ({@code ERROR})
 */
public record RecordedRun(int worse, int better, int other, int errors) {}
