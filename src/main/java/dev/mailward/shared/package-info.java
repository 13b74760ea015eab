/**
 * What every module may use and nothing owns: for now the one CSV helper
 * ({@link dev.mailward.shared.Csv}: RFC 4180 cells, the formula-injection guard, reading a line of
 * fields). Depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Shared", allowedDependencies = {})
package dev.mailward.shared;
