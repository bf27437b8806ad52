/**
 * A sticky opt-in (`optOut: restore`) needs the member role to tag groups: exactly the opt-in tag
 * back to a sticky policy and the mode tag back to enforce, nothing more, and only when some
 * policy asks for it. Proven on the synthesized member template with the IAM simulator.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESTORE_OPT_IN_ACTIONS } from '../src/member/member-stack';
import { resolveIntrinsics } from './support/resolve-template';
import { asIdentity, decide, type Policy } from './support/simulate';
import { exampleConfig, resourcesOf, synthesize } from './support/synth';

const MEMBER = '222222222222';
const REGION = 'eu-west-1';
const SG = `arn:aws:ec2:${REGION}:${MEMBER}:security-group/sg-0123456789abcdef0`;

function policyFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'guardrail-policies-')), 'policies.yaml');
  writeFileSync(file, text);
  return file;
}

/** The remediation role's identity policies of the member template synthesized from this policy file. */
function remediationPolicies(policies: string): Policy[] {
  const s = synthesize(exampleConfig({ policyFile: policyFile(policies) }));
  const parameters = Object.fromEntries(
    Object.entries(s.memberJson.Parameters as Record<string, { Default: string }>).map(([k, p]) => [
      k,
      p.Default,
    ]),
  );
  const role = resolveIntrinsics(resourcesOf(s.memberJson, 'AWS::IAM::Role').RemediationRole!.Properties, {
    account: MEMBER,
    region: REGION,
    parameters,
  }) as { Policies: { PolicyDocument: Policy }[]; RoleName: string };
  return role.Policies.map((p) => p.PolicyDocument);
}

function tagging(policies: Policy[], tags: Record<string, string> | undefined, resource = SG) {
  const context: Record<string, string | string[]> = {};
  if (tags) {
    context['aws:TagKeys'] = Object.keys(tags);
    for (const [key, value] of Object.entries(tags)) context[`aws:RequestTag/${key}`] = value;
  }
  return decide({
    request: {
      principal: `arn:aws:sts::${MEMBER}:assumed-role/guardrail-remediation/guardrail`,
      action: 'ec2:CreateTags',
      resource: { resource, accountId: MEMBER },
      contextVariables: context,
    },
    identityPolicies: asIdentity(policies),
  });
}

const STICKY = `version: 1
policies:
  db-locked:
    optOut: restore
    modeOverride: true
  web-locked:
    optOut: restore
  loose:
    optOut: alert
`;

describe('the remediation role and sticky opt-ins', () => {
  let sticky: Policy[];
  beforeAll(() => {
    sticky = remediationPolicies(STICKY);
  });

  it('may not tag at all when no policy is sticky', async () => {
    const plain = remediationPolicies('version: 1\npolicies:\n  loose: { optOut: alert }\n');
    expect(JSON.stringify(plain)).not.toContain('CreateTags');
    expect(await tagging(plain, { 'guardrail:policy': 'loose' })).toBe('ImplicitlyDenied');
    // A synth of its own (another policy file): both functions' bundles are built for it.
  }, 60_000);

  it('may put the opt-in tag back to a sticky policy, and the mode tag back to enforce', async () => {
    expect(RESTORE_OPT_IN_ACTIONS).toEqual(['ec2:CreateTags']);
    expect(await tagging(sticky, { 'guardrail:policy': 'db-locked' })).toBe('Allowed');
    expect(await tagging(sticky, { 'guardrail:policy': 'web-locked' })).toBe('Allowed');
    expect(await tagging(sticky, { 'guardrail:mode': 'enforce' })).toBe('Allowed');
    expect(await tagging(sticky, { 'guardrail:policy': 'db-locked', 'guardrail:mode': 'enforce' })).toBe(
      'Allowed',
    );
  });

  it.each([
    ['a policy that is not sticky', { 'guardrail:policy': 'loose' }],
    ['a policy that does not exist', { 'guardrail:policy': 'anything' }],
    ['the mode tag to audit', { 'guardrail:mode': 'audit' }],
    ['any other key', { Name: 'db' }],
    ['another key beside the opt-in tag', { 'guardrail:policy': 'db-locked', owner: 'mallory' }],
  ])('refuses %s', async (_, tags) => {
    expect(await tagging(sticky, tags)).toBe('ImplicitlyDenied');
  });

  it('refuses a request that names no tag keys, and groups of another account or other resources', async () => {
    expect(await tagging(sticky, undefined)).toBe('ImplicitlyDenied');
    const tags = { 'guardrail:policy': 'db-locked' };
    expect(
      await tagging(sticky, tags, `arn:aws:ec2:${REGION}:333333333333:security-group/sg-0123456789abcdef0`),
    ).toBe('ImplicitlyDenied');
    expect(await tagging(sticky, tags, `arn:aws:ec2:${REGION}:${MEMBER}:instance/i-0123456789abcdef0`)).toBe(
      'ImplicitlyDenied',
    );
    // Removing tags stays out of reach: the role only ever puts an opt-in back.
    const deleting = await decide({
      request: {
        principal: `arn:aws:sts::${MEMBER}:assumed-role/guardrail-remediation/guardrail`,
        action: 'ec2:DeleteTags',
        resource: { resource: SG, accountId: MEMBER },
        contextVariables: { 'aws:TagKeys': ['guardrail:policy'] },
      },
      identityPolicies: asIdentity(sticky),
    });
    expect(deleting).toBe('ImplicitlyDenied');
  });
});
