package dev.mailward.checks;

import java.util.List;

/**
 * A family not yet split into observe and analyse (issue 16, temporary): {@link #run} observes
 * and judges in one go, and its "observation" is the results it gave. Such a family runs in the
 * pipeline like any other, but judging its stored observation under new rules gives the old
 * results, and {@link ObservationJson} does not promise equal results for it (its evidence
 * details decode as plain JSON maps and lists).
 */
public interface RunningCheck extends Check<RunningCheck.Ran> {

    /** Observes and judges the context's domain, here and now. */
    @Override
    List<CheckResult> run(CheckContext context);

    @Override
    default Class<Ran> observationType() {
        return Ran.class;
    }

    @Override
    default Ran observe(CheckContext context) {
        return new Ran(run(context));
    }

    @Override
    default List<CheckResult> analyse(Ran observation) {
        return observation.results();
    }

    /** The results of a {@link RunningCheck}, standing in for its observation. */
    record Ran(List<CheckResult> results) implements Observation {
        public Ran {
            results = List.copyOf(results);
        }
    }
}
