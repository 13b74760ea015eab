package dev.mailward.configaudit;

import dev.mailward.inventory.PageOf;
import java.util.Optional;

/**
 * What the configuration page of a mail server shows.
 *
 * @param serverId the server
 * @param hostname its host name
 * @param teamName its team
 * @param shown the upload shown (the latest unless a version was asked for), empty before the first upload
 * @param latestVersion the newest version, 0 before the first upload
 * @param history a page of the uploads, newest first
 */
public record ConfigOverview(
        long serverId,
        String hostname,
        String teamName,
        Optional<ConfigUpload> shown,
        int latestVersion,
        PageOf<ConfigUploadSummary> history) {}
