package dev.mailward.results;

import dev.mailward.checks.Check;
import java.util.List;

/**
 * The check families this console judges with, each able to judge its stored observations without the
 * network: the DNS families and the endpoint probe families of a probe cycle. The record stage judges a
 * stored observation with them (a re-judge; the previous observation when the rules changed). Declared
 * here and implemented by {@code scanning}, which configures the families, so that data still flows
 * one way (scanning → results).
 */
public interface JudgingFamilies {

    /** Every family the console observes with, ids unique. Never used to observe. */
    List<Check<?>> families();
}
