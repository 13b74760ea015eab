package dev.mailward.results;

import java.util.List;

/**
 * Published once per batch of a re-judge ({@link Results#rejudgeAll}): the current results of these
 * domains were judged again from their stored observations under {@code rulesVersion}. Not a change of
 * the domains (no {@link ResultChanged} is published for it); read models built from current results
 * refresh them.
 *
 * @param domainIds the domains of the batch (at most {@link Results#REJUDGE_BATCH})
 * @param rulesVersion the rules they were judged under
 */
public record ResultsRejudged(List<Long> domainIds, int rulesVersion) {

    public ResultsRejudged {
        domainIds = List.copyOf(domainIds);
    }
}
