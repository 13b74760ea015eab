/**
 * The headless {@code check} command: {@code java -jar mailward.jar check example.org}. Runs the
 * check engine without the web server or the database, prints a report (text, JSON in the shared
 * "Results" format, or JSON lines for bulk runs) and exits 0 when nothing fails, 1 on FAIL,
 * 2 on a usage error.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "CLI",
        allowedDependencies = {"checks", "dns", "probe", "mitigations"})
package dev.mailward.cli;
