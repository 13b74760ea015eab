package dev.mailward.results;

/**
 * Which results an accepted finding covers on its domain.
 *
 * <ul>
 *   <li>{@link #TARGET}: only the finding on the result's own check and target (the default);
 *   <li>{@link #DOMAIN}: the finding's code on every target of the domain, whichever check reports it
 *       (one accepted risk for every MX host that shares it).
 * </ul>
 */
public enum ExceptionScope {
    TARGET,
    DOMAIN
}
