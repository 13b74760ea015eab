package dev.mailward.scanning;

import dev.mailward.checks.Check;
import dev.mailward.checks.CheckRunner;
import dev.mailward.results.JudgingFamilies;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The families the record stage judges stored observations with: the runner's DNS families and the
 * probe families as {@link ProbeCycles} configures them (whether or not probing is enabled, since an
 * observation stored while it was may hold them).
 */
@Component
class ConsoleFamilies implements JudgingFamilies {

    private final List<Check<?>> families;

    ConsoleFamilies(CheckRunner runner, ProbeCycles cycles) {
        List<Check<?>> all = new ArrayList<>(runner.registry().all());
        all.addAll(cycles.judgingChecks());
        this.families = List.copyOf(all);
    }

    @Override
    public List<Check<?>> families() {
        return families;
    }
}
