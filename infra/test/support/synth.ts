import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parse as parseYaml } from 'yaml';
import { buildGuardrailApp, type GuardrailStacks } from '../../src/build-app';
import { parseDeployConfig } from '../../src/config/load';
import type { DeployConfig } from '../../src/config/schema';

export const EXAMPLE_CONFIG = resolve(__dirname, '..', '..', 'guardrail.config.example.yaml');

/** The example configuration as a plain object, to be varied by a test. */
export function exampleConfigObject(): Record<string, unknown> {
  return parseYaml(readFileSync(EXAMPLE_CONFIG, 'utf8')) as Record<string, unknown>;
}

export function exampleConfig(overrides: Record<string, unknown> = {}): DeployConfig {
  return parseDeployConfig({ ...exampleConfigObject(), ...overrides }, EXAMPLE_CONFIG);
}

export const CDK_JSON = resolve(__dirname, '..', '..', 'cdk.json');

/**
 * The context of infra/cdk.json (the feature flags): what `cdk synth` gives the app, so that the
 * templates the tests check are the ones `pnpm synth` writes.
 */
export function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(CDK_JSON, 'utf8')) as { context: Record<string, unknown> }).context;
}

export interface Synthesized {
  app: App;
  config: DeployConfig;
  stacks: GuardrailStacks;
  hub: Template;
  member: Template;
  /** The member template exactly as the StackSet carries it. */
  memberJson: Record<string, unknown>;
  hubJson: Record<string, unknown>;
}

/**
 * Builds and synthesizes the whole app into a temporary directory, with cdk.json's feature flags, bundling the real hub handler
 * (apps/hub/src/event-lambda.ts and lambda.ts) exactly as `pnpm synth` does: about a second of
 * esbuild per bundle.
 */
export function synthesize(config: DeployConfig = exampleConfig()): Synthesized {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'guardrail-cdk-')), context: cdkJsonContext() });
  const stacks = buildGuardrailApp(app, config);
  const hub = Template.fromStack(stacks.hub);
  const hubJson = hub.toJSON() as Record<string, unknown>;
  const stackSet = Object.values(hub.findResources('AWS::CloudFormation::StackSet'))[0] as {
    Properties: { TemplateBody: string };
  };
  const memberJson = JSON.parse(stackSet.Properties.TemplateBody) as Record<string, unknown>;
  return { app, config, stacks, hub, hubJson, member: Template.fromJSON(memberJson), memberJson };
}

/** The resources of a synthesized template of one type, by logical id. */
export function resourcesOf(
  template: Record<string, unknown>,
  type: string,
): Record<string, { Type: string; Properties: Record<string, unknown>; Condition?: string }> {
  const resources = template.Resources as Record<
    string,
    { Type: string; Properties: Record<string, unknown> }
  >;
  return Object.fromEntries(Object.entries(resources).filter(([, resource]) => resource.Type === type));
}

export function onlyResource(
  template: Record<string, unknown>,
  type: string,
): { Type: string; Properties: Record<string, unknown>; Condition?: string } {
  const found = Object.values(resourcesOf(template, type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
}
