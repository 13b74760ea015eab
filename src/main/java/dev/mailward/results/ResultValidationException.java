package dev.mailward.results;

/**
 * Refused input, naming the field and carrying a message key with its arguments. The keys are those
 * the pages and the API answered with before the results module existed ({@code scanning.exception.*},
 * {@code scanning.api.*}, {@code reports.error.date}, {@code reports.error.domainName}): API clients
 * switch on them.
 */
public class ResultValidationException extends RuntimeException {

    private final String field;
    private final String messageKey;
    private final transient Object[] args;

    public ResultValidationException(String field, String messageKey, String message, Object... args) {
        super(message);
        this.field = field;
        this.messageKey = messageKey;
        this.args = args.clone();
    }

    public String field() {
        return field;
    }

    public String messageKey() {
        return messageKey;
    }

    public Object[] args() {
        return args.clone();
    }
}
