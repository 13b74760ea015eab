package dev.mailward.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an {@link EmbeddedDatabaseException} at start-up into Spring Boot's "what went wrong / what to do" report. */
class EmbeddedDatabaseFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedDatabaseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedDatabaseException cause) {
        return new FailureAnalysis(
                "Mailward's embedded database did not start: " + cause.getMessage() + ".", cause.action(), cause);
    }
}
