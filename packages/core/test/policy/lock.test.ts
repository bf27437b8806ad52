/** `lock` and `trustedPrincipals` in the policy file (format version 1, backward compatible). */
import { policyFileJsonSchemaText } from '../../src/policy/json-schema';
import { loadPolicyFile } from '../../src/policy/load';

function errors(yaml: string): string[] {
  try {
    loadPolicyFile(yaml, 'p.yaml');
  } catch (error) {
    return (error as Error).message.split('\n');
  }
  throw new Error('expected the file to be refused');
}

describe('lock policies in the policy file', () => {
  it('reads lock, deny, trustedPrincipals and the other policy fields', () => {
    const file = loadPolicyFile(
      `
version: 1
policies:
  db:
    description: the database
    lock: true
    mode: audit
    modeOverride: true
    optOut: restore
    scope: { accounts: ["111122223333"] }
    trustedPrincipals: ["arn:aws:iam::*:role/cdk-*-cfn-exec-role-*", "arn:aws:sts::*:assumed-role/ci-deployer/*"]
    ingress:
      deny: [{ protocol: tcp, ports: 22, peer: internet }]
`,
      'p.yaml',
    );
    expect(file.policies.db).toEqual({
      description: 'the database',
      lock: true,
      mode: 'audit',
      modeOverride: true,
      optOut: 'restore',
      scope: { accounts: ['111122223333'], organizationalUnits: [] },
      trustedPrincipals: [
        'arn:aws:iam::*:role/cdk-*-cfn-exec-role-*',
        'arn:aws:sts::*:assumed-role/ci-deployer/*',
      ],
      ingress: { required: [], deny: [{ protocol: 'tcp', ports: 22, peer: 'internet' }] },
      egress: { required: [], deny: [] },
    });
  });

  it('adds nothing to a policy that does not say lock', () => {
    const file = loadPolicyFile('version: 1\npolicies:\n  p: { ingress: { deny: [] } }\n', 'p.yaml');
    expect(file.policies.p).not.toHaveProperty('lock');
    expect(file.policies.p).not.toHaveProperty('trustedPrincipals');
  });

  it('refuses required and allow in a lock policy, naming each path', () => {
    expect(
      errors(`
version: 1
policies:
  db:
    lock: true
    ingress:
      allow: []
    egress:
      required: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: 0.0.0.0/0 }] }]
      allow: [{ protocol: all, ports: all, peer: any }]
`),
    ).toEqual([
      "p.yaml: policies.db.ingress.allow: a lock policy takes its rules from the group's baseline; remove allow/required (line 7, column 14)",
      "p.yaml: policies.db.egress.required: a lock policy takes its rules from the group's baseline; remove allow/required (line 9, column 17)",
      "p.yaml: policies.db.egress.allow: a lock policy takes its rules from the group's baseline; remove allow/required (line 10, column 14)",
    ]);
  });

  it('refuses trustedPrincipals without lock: true, and a pattern that is no ARN', () => {
    expect(
      errors(
        'version: 1\npolicies:\n  p:\n    lock: false\n    trustedPrincipals: ["arn:aws:iam::*:role/x"]\n',
      ),
    ).toEqual([
      'p.yaml: policies.p.trustedPrincipals: trustedPrincipals is only allowed on a lock policy (lock: true) (line 5, column 24)',
    ]);
    expect(
      errors('version: 1\npolicies:\n  p:\n    lock: true\n    trustedPrincipals: ["role/ci-*", 3]\n'),
    ).toEqual([
      'p.yaml: policies.p.trustedPrincipals[0]: "role/ci-*" is not an ARN pattern (it must start with arn:) (line 5, column 25)',
      'p.yaml: policies.p.trustedPrincipals[1]: Invalid input: expected string, received number (line 5, column 38)',
    ]);
  });

  it('lets an ordinary policy keep required and allow', () => {
    expect(() =>
      loadPolicyFile('version: 1\npolicies:\n  p:\n    lock: false\n    ingress: { allow: [] }\n', 'p.yaml'),
    ).not.toThrow();
  });

  it('says the same in the JSON Schema, for editors', () => {
    const policy = JSON.parse(policyFileJsonSchemaText()).$defs.Policy;
    expect(policy.properties.lock).toMatchObject({ type: 'boolean' });
    expect(policy.properties.trustedPrincipals.items).toMatchObject({ type: 'string', pattern: '^arn:' });
    expect(policy.if).toEqual({ required: ['lock'], properties: { lock: { const: true } } });
    expect(policy.then.properties.ingress.properties).toEqual({ required: { maxItems: 0 }, allow: false });
    expect(policy.else).toEqual({ not: { required: ['trustedPrincipals'] } });
  });
});
