/**
 * Where the hub's policies come from: the compiled JSON infra writes at synth (the Lambda's only
 * way), or YAML (`guardrail hub run`, the demo, the tests); and the environment that names them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compiledPoliciesText,
  HUB_ENV,
  loadPolicies,
  PolicyFileError,
  SHIPPED_POLICIES,
} from '@guardrail/core';
import { ConfigError, loadCompiledPoliciesOnly, loadConfiguredPolicies, loadHubConfig } from '../src/compose';

const TOPIC = 'arn:aws:sns:eu-west-1:999999999999:guardrail-alerts';
const YAML = 'version: 1\npolicies:\n  mine:\n    mode: audit\n    ingress:\n      deny: []\n';

function issuesOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues.join('\n');
  }
  throw new Error('no ConfigError thrown');
}

function compiledFile(text = compiledPoliciesText(loadPolicies({ text: YAML }))): string {
  const file = join(mkdtempSync(join(tmpdir(), 'guardrail-compiled-')), 'policies.json');
  writeFileSync(file, text);
  return file;
}

describe('GUARDRAIL_COMPILED_POLICY_FILE', () => {
  it('names the compiled policies, one way among the three', () => {
    const config = loadHubConfig({
      GUARDRAIL_TOPIC_ARN: TOPIC,
      [HUB_ENV.compiledPolicyFile]: '/var/task/p.json',
    });
    expect(config.policy).toEqual({ compiled: '/var/task/p.json' });
    expect(loadHubConfig({ GUARDRAIL_TOPIC_ARN: TOPIC, [HUB_ENV.compiledPolicyFile]: '' }).policy).toEqual(
      {},
    );
  });

  it('refuses two or three ways at once', () => {
    expect(
      issuesOf(() =>
        loadHubConfig({
          GUARDRAIL_TOPIC_ARN: TOPIC,
          GUARDRAIL_POLICY_YAML: YAML,
          GUARDRAIL_COMPILED_POLICY_FILE: '/p.json',
        }),
      ),
    ).toBe('set GUARDRAIL_POLICY_YAML or GUARDRAIL_COMPILED_POLICY_FILE, not both');
    expect(
      issuesOf(() =>
        loadHubConfig({
          GUARDRAIL_TOPIC_ARN: TOPIC,
          GUARDRAIL_POLICY_FILE: '/p.yaml',
          GUARDRAIL_POLICY_YAML: YAML,
          GUARDRAIL_COMPILED_POLICY_FILE: '/p.json',
        }),
      ),
    ).toBe('set only one of GUARDRAIL_POLICY_FILE, GUARDRAIL_POLICY_YAML, GUARDRAIL_COMPILED_POLICY_FILE');
  });

  it('gives way to a policy file given by flag (hub run --policies)', () => {
    const config = loadHubConfig(
      {
        GUARDRAIL_TOPIC_ARN: TOPIC,
        GUARDRAIL_COMPILED_POLICY_FILE: '/var/task/p.json',
        GUARDRAIL_POLICY_YAML: YAML,
      },
      { GUARDRAIL_POLICY_FILE: { flag: '--policies', value: 'p.yaml' } },
    );
    expect(config.policy).toEqual({ file: 'p.yaml' });
  });
});

describe('the environment parser (zod/mini)', () => {
  it('says what each check wants, in words, with no locale loaded', () => {
    const env = { GUARDRAIL_TOPIC_ARN: TOPIC };
    expect(issuesOf(() => loadHubConfig({ ...env, GUARDRAIL_MAX_CONCURRENCY: '1.5' }))).toBe(
      'GUARDRAIL_MAX_CONCURRENCY must be a whole number from 1 to 1000',
    );
    expect(issuesOf(() => loadHubConfig({ ...env, GUARDRAIL_MAX_CONCURRENCY: 'ten' }))).toBe(
      'GUARDRAIL_MAX_CONCURRENCY must be a whole number from 1 to 1000',
    );
    expect(issuesOf(() => loadHubConfig({ ...env, GUARDRAIL_CLAIM_TTL_SECONDS: '43201' }))).toBe(
      'GUARDRAIL_CLAIM_TTL_SECONDS must be a whole number from 1 to 43200',
    );
    expect(issuesOf(() => loadHubConfig({ ...env, GUARDRAIL_QUEUE_URL: 'not a url' }))).toBe(
      'GUARDRAIL_QUEUE_URL is not a URL',
    );
    expect(issuesOf(() => loadHubConfig({ ...env, GUARDRAIL_ROLE_NAME: '   ' }))).toBe(
      'GUARDRAIL_ROLE_NAME must not be blank',
    );
    expect(issuesOf(() => loadHubConfig({ ...env, GUARDRAIL_HUB_ROLE_ARN: 'arn:aws:sts::1:x' }))).toBe(
      'GUARDRAIL_HUB_ROLE_ARN is not a valid ARN: must be an iam ARN',
    );
  });

  it('trims and defaults as before', () => {
    const config = loadHubConfig({
      GUARDRAIL_TOPIC_ARN: TOPIC,
      GUARDRAIL_ROLE_NAME: '  my-role ',
      GUARDRAIL_MAX_CONCURRENCY: ' 7 ',
      GUARDRAIL_STATE_TABLE: ' guardrail-state ',
      GUARDRAIL_SWEEP_REGIONS: ' eu-west-1 , us-east-1,,',
    });
    expect(config).toMatchObject({
      roleName: 'my-role',
      maxConcurrency: 7,
      stateTable: 'guardrail-state',
      sweep: { regions: ['eu-west-1', 'us-east-1'] },
    });
  });
});

describe('the Lambda’s policy loader (compiled only)', () => {
  it('reads the compiled policies, checksum checked', () => {
    const policies = loadCompiledPoliciesOnly({ compiled: compiledFile() });
    expect(policies.policies.mine?.mode).toBe('audit');
    expect(Object.keys(policies.policies)).toEqual(expect.arrayContaining(['mine', 'no-public-admin-ports']));
    const tampered = compiledFile(
      compiledPoliciesText(loadPolicies({ text: YAML })).replace('audit', 'enforce'),
    );
    expect(() => loadCompiledPoliciesOnly({ compiled: tampered })).toThrow(PolicyFileError);
    expect(() => loadCompiledPoliciesOnly({ compiled: tampered })).toThrow(/checksum mismatch/);
  });

  it('gives the shipped policies when none is named', () => {
    expect(loadCompiledPoliciesOnly({})).toBe(SHIPPED_POLICIES);
  });

  it('refuses YAML, naming the variable and the way it reads', () => {
    expect(issuesOf(() => loadCompiledPoliciesOnly({ yaml: YAML }))).toBe(
      'GUARDRAIL_POLICY_YAML is YAML, which this function does not read: it reads the policies compiled at synth (GUARDRAIL_COMPILED_POLICY_FILE); YAML is for guardrail hub run',
    );
    expect(issuesOf(() => loadCompiledPoliciesOnly({ file: '/p.yaml' }))).toMatch(
      /^GUARDRAIL_POLICY_FILE is YAML/,
    );
  });
});

describe('the full loader (hub run, the demo, the tests)', () => {
  it('reads compiled JSON, inline YAML, a YAML file, or nothing, to the same policies', () => {
    const fromYaml = loadConfiguredPolicies({ yaml: YAML });
    expect(loadConfiguredPolicies({ compiled: compiledFile() })).toEqual(fromYaml);
    const file = join(mkdtempSync(join(tmpdir(), 'guardrail-yaml-')), 'p.yaml');
    writeFileSync(file, YAML);
    expect(loadConfiguredPolicies({ file })).toEqual(fromYaml);
    expect(loadConfiguredPolicies({})).toBe(SHIPPED_POLICIES);
  });
});
