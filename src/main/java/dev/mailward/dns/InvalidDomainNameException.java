package dev.mailward.dns;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.Locale;

/**
 * A domain name was refused. {@link #getMessage()} is the English reason naming the offending
 * value; pages translate {@link #problem()} with the message key {@link #messageKey()} and
 * {@link #arguments()}.
 */
public class InvalidDomainNameException extends IllegalArgumentException {

    private final DomainName.Problem problem;
    private final transient Object[] arguments;

    public InvalidDomainNameException(DomainName.Problem problem, Object... arguments) {
        super(new MessageFormat(problem.template(), Locale.ROOT).format(arguments));
        this.problem = problem;
        this.arguments = arguments.clone();
    }

    public DomainName.Problem problem() {
        return problem;
    }

    /** Message key of the reason, e.g. {@code inventory.name.ILLEGAL_CHARACTER}. */
    public String messageKey() {
        return "inventory.name." + problem.name();
    }

    public Object[] arguments() {
        return Arrays.copyOf(arguments, arguments.length);
    }
}
