package dev.mailward.database;

/**
 * Whether this console alone uses its database: true for its own embedded server (listening on
 * 127.0.0.1, its data directory locked by the postmaster), so whatever a console left unfinished
 * in it was left by an earlier run of this one. Absent (or false) for an external database that
 * other consoles may share.
 *
 * @param exclusive this console is the only one using the database
 */
public record DatabaseOwnership(boolean exclusive) {}
