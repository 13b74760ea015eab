package dev.mailward.inventory;

/**
 * A row of the mail server list.
 *
 * @param id server id
 * @param hostname host name (A-label)
 * @param teamId owning team
 * @param teamName the team's name
 * @param discovered whether discovery created it (false: entered by a person)
 * @param addresses number of addresses
 * @param endpoints number of endpoints
 * @param domains number of domains it serves
 * @param status the worst current result of its endpoints, in any domain it serves
 */
public record MailServerSummary(
        long id,
        String hostname,
        long teamId,
        String teamName,
        boolean discovered,
        int addresses,
        int endpoints,
        int domains,
        WorstStatus status) {}
