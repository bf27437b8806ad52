import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag finding on a construct, with the reason it does not apply. Kept next to
 * the resource it concerns so that the reason is read with the code it excuses.
 */
export function acknowledge(scope: IConstruct, ruleId: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: ruleId, reason });
}

/** One unacknowledged AwsSolutions finding: the rule (with its finding) and the construct paths. */
export interface NagFinding {
  rule: string;
  paths: string[];
}

/** Runs the AwsSolutions pack over a construct tree (nested stages included). */
export function awsSolutionsFindings(scope: IConstruct): NagFinding[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.map((violation) => ({
    rule: violation.ruleName,
    paths: violation.violatingResources.map(
      (resource) => resource.locations?.join(' ') ?? resource.templatePath,
    ),
  }));
}
