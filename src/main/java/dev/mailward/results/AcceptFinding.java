package dev.mailward.results;

import java.time.LocalDate;

/**
 * Command: accept the finding {@code code} of the result {@code check}/{@code target} of a domain.
 *
 * @param check check id
 * @param target the result's target
 * @param code finding code
 * @param reason why (1..1000 characters)
 * @param expiresOn last day it holds (today .. one year ahead by default)
 */
public record AcceptFinding(String check, String target, String code, String reason, LocalDate expiresOn) {}
