import { GuardrailError } from '@guardrail/core';
import { App } from 'aws-cdk-lib';
import { buildGuardrailApp } from './build-app';
import { ConfigSourceError, DeployConfigError } from './config/errors';
import { loadDeployConfig } from './config/load';
import { CONFIG_CONTEXT, chooseConfigFile } from './config/source';
import { awsSolutionsFindings } from './nag';
import { INFRA_ROOT } from './paths';

/** cdk-nag found something: the findings, one per line (they fail the synth). */
class NagFindingsError extends GuardrailError {
  override readonly name = 'NagFindingsError';
}

/**
 * `cdk synth` entry. The configuration file comes from `-c config=<path>`, else
 * infra/guardrail.config.yaml; the example only with `-c example=true` (what `pnpm synth` in CI
 * passes), never by default.
 */
function main(): void {
  const app = new App();
  const file = chooseConfigFile({
    file: app.node.tryGetContext(CONFIG_CONTEXT.file),
    example: app.node.tryGetContext(CONFIG_CONTEXT.example),
    infraRoot: INFRA_ROOT,
  });
  buildGuardrailApp(app, loadDeployConfig(file));
  // cdk-nag AwsSolutions over every stack, the member stage included (a validation plugin on the
  // app would not see the nested stage). A finding fails the synth; exceptions are acknowledged,
  // with their reason, next to the resource they concern.
  const findings = awsSolutionsFindings(app);
  if (findings.length > 0) {
    const lines = findings.map((finding) => `  ${finding.rule}: ${finding.paths.join(', ')}`);
    throw new NagFindingsError(`cdk-nag AwsSolutions findings:\n${lines.join('\n')}`);
  }
  app.synth();
}

try {
  main();
} catch (error) {
  // What the user has to fix: the message alone (no stack trace, no cause dump), exit status 1.
  if (
    error instanceof DeployConfigError ||
    error instanceof ConfigSourceError ||
    error instanceof NagFindingsError
  ) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
