import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePolicyFile } from '../../src/policy/compile';
import { PolicyFileError } from '../../src/policy/errors';
import { policyFileJsonSchemaText } from '../../src/policy/json-schema';
import { loadPolicyFile } from '../../src/policy/load';
import { loadPolicies } from '../../src/policy/load-policies';
import { policyFileSchema } from '../../src/policy/schema';
import {
  ADMIN_PORTS,
  SHIPPED_POLICIES,
  SHIPPED_POLICY_NAMES,
  withShippedPolicies,
} from '../../src/policy/shipped';

const repo = join(__dirname, '..', '..', '..', '..');
const exampleText = readFileSync(join(repo, 'examples', 'policies.yaml'), 'utf8');

describe('shipped policies', () => {
  it('validate against the schema', () => {
    expect(policyFileSchema.parse(SHIPPED_POLICIES)).toEqual(SHIPPED_POLICIES);
    expect(Object.keys(SHIPPED_POLICIES.policies)).toEqual([...SHIPPED_POLICY_NAMES]);
  });

  it('are written out exactly in examples/policies.yaml', () => {
    const example = loadPolicyFile(exampleText, 'examples/policies.yaml');
    for (const name of SHIPPED_POLICY_NAMES)
      expect(example.policies[name]).toEqual(SHIPPED_POLICIES.policies[name]);
  });

  it('deny every admin port of design.md from the internet, on TCP and where they listen on UDP', () => {
    const deny = SHIPPED_POLICIES.policies['no-public-admin-ports']!.ingress.deny;
    expect(deny.map((m) => `${m.protocol} ${m.ports}`)).toEqual([
      'tcp 22',
      'tcp 23',
      'tcp 3389',
      'tcp 5900',
      'tcp 5985-5986',
      'tcp 1433',
      'tcp 1521',
      'tcp 3306',
      'tcp 5432',
      'tcp 6379',
      'tcp 9200',
      'tcp 27017',
      'udp 3389',
      'udp 1434',
    ]);
    expect(ADMIN_PORTS.map((p) => p.service)).toContain('MongoDB');
    expect(deny.every((m) => m.peer === 'internet')).toBe(true);
  });

  it('merge with a user file: a user policy of the same name replaces the shipped one', () => {
    const user = loadPolicyFile(
      'version: 1\npolicies:\n  web-public: { mode: audit }\n  mine: {}\nexceptions:\n  - { account: "111122223333", direction: ingress, match: { protocol: tcp, ports: 22, peer: any }, expires: 2030-01-01, reason: r }\n',
      'user.yaml',
    );
    const merged = withShippedPolicies(user);
    expect(Object.keys(merged.policies).sort()).toEqual(['mine', 'no-public-admin-ports', 'web-public']);
    expect(merged.policies['web-public']!.mode).toBe('audit');
    expect(merged.policies['web-public']!.ingress.required).toEqual([]);
    expect(merged.exceptions).toHaveLength(1);
  });
});

describe('loadPolicies', () => {
  it('gives the shipped policies alone by default', () => {
    expect(loadPolicies()).toBe(SHIPPED_POLICIES);
  });

  it('reads inline text, naming it in errors', () => {
    expect(Object.keys(loadPolicies({ text: 'version: 1\npolicies: { x: {} }\n' }).policies)).toContain('x');
    expect(() => loadPolicies({ text: 'version: 3\n' })).toThrow(
      '<inline policy>: version: version must be 1',
    );
    expect(() => loadPolicies({ text: 'version: 3\n', file: 'env' })).toThrow('env: version');
  });

  it('reads a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guardrail-policy-'));
    const file = join(dir, 'p.yaml');
    writeFileSync(file, exampleText);
    expect(Object.keys(loadPolicies({ file }).policies)).toContain('internal-only');
  });

  it('turns an unreadable file into a PolicyFileError', () => {
    const file = join(tmpdir(), 'guardrail-does-not-exist.yaml');
    expect(() => loadPolicies({ file })).toThrow(PolicyFileError);
    expect(() => loadPolicies({ file })).toThrow(`${file}: cannot read:`);
  });
});

describe('JSON Schema', () => {
  it('is committed and up to date (run: npx tsx packages/core/scripts/generate-schema.ts)', () => {
    const committed = readFileSync(
      join(repo, 'packages', 'core', 'schema', 'policy-file.v1.schema.json'),
      'utf8',
    );
    expect(committed).toBe(policyFileJsonSchemaText());
  });

  it('describes the format', () => {
    const schema = JSON.parse(policyFileJsonSchemaText());
    expect(schema.$defs.Matcher.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['version']);
  });
});

describe('compilePolicyFile', () => {
  it('compiles each policy file once', () => {
    const first = compilePolicyFile(SHIPPED_POLICIES);
    expect(compilePolicyFile(SHIPPED_POLICIES)).toBe(first);
    const web = first.policies.get('web-public')!;
    expect(web.ingress.required.map((r) => r.source)).toEqual([
      'policies.web-public.ingress.required[0]',
      'policies.web-public.ingress.required[1]',
    ]);
    expect(web.ingress.allow).toBeUndefined();
    expect(web.ingress.deny[0]!.source).toBe('policies.web-public.ingress.deny[0]');
  });
});
