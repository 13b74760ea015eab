/**
 * Where the console binds the check engine's settings ({@code mailward.checks.*},
 * {@link dev.mailward.checks.config.ChecksProperties}) and wires the engine from them: the one
 * {@link dev.mailward.checks.CheckRunner} and the {@link dev.mailward.checks.CheckOptions} every scan
 * starts from. The one Spring package of {@code checks}, as {@code dns.config} is of {@code dns}.
 * Published as the named interface {@code checks :: config} for scanning, which reads the probe
 * settings of its cycles ({@code mailward.checks.probe.*}) from it.
 */
@org.springframework.modulith.NamedInterface("config")
package dev.mailward.checks.config;
