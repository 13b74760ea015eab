package dev.mailward.reports;

import dev.mailward.shared.NotFound;

/** An archived report that does not exist or that the user may not see (the two look the same). */
public class ReportNotFoundException extends NotFound {

    public ReportNotFoundException(long id) {
        super("report " + id + " not found");
    }

    public ReportNotFoundException(String message) {
        super(message);
    }
}
