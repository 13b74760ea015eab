package dev.mailward.configaudit;

import java.util.Optional;

/**
 * A mail server of a domain with its latest upload, for the domain page.
 *
 * @param serverId the server
 * @param hostname its host name
 * @param latest its latest upload, empty when none was uploaded
 */
public record ServerConfigSummary(long serverId, String hostname, Optional<ConfigUploadSummary> latest) {}
