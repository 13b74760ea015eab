/**
 * The mitigation catalogue (DESIGN.md §5): the thirteen mitigations with their weights and
 * remediation guides, the rules that turn stored check results into a status per mitigation and a
 * domain score with its explanation, and generated fixes for what fails (SPF, DMARC, TLSA, MTA-STS,
 * TLS-RPT records, Postfix and Dovecot settings). Publishes {@link dev.mailward.mitigations.MitigationRules},
 * {@link dev.mailward.mitigations.MitigationCatalogue}, {@link dev.mailward.mitigations.GuideService}
 * and the record builders. Uses the {@code checks} module for its types only, and the finding codes
 * of the {@code configaudit} module; never runs a check.
 * A guide seen from a domain gets that domain's results through
 * {@link dev.mailward.mitigations.DomainGuideSource}, implemented by a module that reads them (the dashboard).
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Mitigations",
        allowedDependencies = {"checks", "configaudit", "dns", "reportintake"})
package dev.mailward.mitigations;
