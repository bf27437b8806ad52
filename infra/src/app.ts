import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { GuardrailError } from '@guardrail/core';
import { App } from 'aws-cdk-lib';
import { buildGuardrailApp } from './build-app';
import { loadDeployConfig } from './config/load';
import { awsSolutionsFindings } from './nag';
import { INFRA_ROOT } from './paths';

/**
 * `cdk synth` entry. The configuration file comes from `-c config=<path>`, else
 * infra/guardrail.config.yaml, else the example (so synth works on a fresh checkout and in CI).
 */
function configPath(app: App): string {
  const fromContext = app.node.tryGetContext('config') as string | undefined;
  if (fromContext) return resolve(fromContext);
  const own = resolve(INFRA_ROOT, 'guardrail.config.yaml');
  return existsSync(own) ? own : resolve(INFRA_ROOT, 'guardrail.config.example.yaml');
}

function main(): void {
  const app = new App();
  buildGuardrailApp(app, loadDeployConfig(configPath(app)));
  // cdk-nag AwsSolutions over every stack, the member stage included (a validation plugin on the
  // app would not see the nested stage). A finding fails the synth; exceptions are acknowledged,
  // with their reason, next to the resource they concern.
  const findings = awsSolutionsFindings(app);
  if (findings.length > 0) {
    const lines = findings.map((finding) => `  ${finding.rule}: ${finding.paths.join(', ')}`);
    throw new GuardrailError(`cdk-nag AwsSolutions findings:\n${lines.join('\n')}`);
  }
  app.synth();
}

main();
