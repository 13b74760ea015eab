package dev.mailward.accounts;

/**
 * A team as other modules see it: its id (stable, used as foreign key) and display name.
 *
 * @param id team id
 * @param name unique (case-insensitive) team name
 */
public record TeamRef(long id, String name) {}
