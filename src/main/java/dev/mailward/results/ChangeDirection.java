package dev.mailward.results;

/** How a result changed: its status got worse (a confirmed regression), better, or it changed otherwise. */
public enum ChangeDirection {
    WORSE,
    BETTER,
    CHANGED
}
