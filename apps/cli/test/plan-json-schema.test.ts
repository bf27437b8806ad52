/** `guardrail plan --format json` and its schema (issue 10): real outputs fit it, the committed file is current. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLAN_JSON_SCHEMA_ID, planJsonSchema, planJsonSchemaText } from '../src/render/plan-json-schema';
import { liveWorld, OPTED_IN, REGION, SSH_FROM } from './support/live-world';
import { cli, tempFile } from './support/plan-cli';

const repo = join(__dirname, '..', '..', '..');
const example = (path: string) => join(repo, 'examples', path);
const SCHEMA_FILE = join(repo, 'apps', 'cli', 'schema', 'plan.v1.schema.json');

type Json = Record<string, unknown>;

/** The command's standard output, parsed, after checking it planned (exit 0, no error on stderr). */
async function planJson(
  args: string[],
  options: Parameters<typeof cli>[1] = {},
  progress = '',
): Promise<unknown> {
  const { code, stdout, stderr } = await cli(['plan', ...args, '--format', 'json'], options);
  expect(stderr).toBe(progress);
  expect(code).toBe(0);
  return JSON.parse(stdout);
}

const readExample = (path: string) => JSON.parse(readFileSync(example(path), 'utf8'));

/** web-ssh-open.json with one more rule, SSH from the vendor range examples/policies.yaml excepts. */
function webWithVendorSsh(): string {
  const file = readExample('groups/web-ssh-open.json');
  file.SecurityGroups[0].IpPermissions.push({
    IpProtocol: 'tcp',
    FromPort: 22,
    ToPort: 22,
    IpRanges: [{ CidrIp: '203.0.113.0/24' }],
  });
  file.SecurityGroupRules.push({
    SecurityGroupRuleId: 'sgr-0bbb2222cccc3333d',
    GroupId: 'sg-0123456789abcdef0',
    GroupOwnerId: '111122223333',
    IsEgress: false,
    IpProtocol: 'tcp',
    FromPort: 22,
    ToPort: 22,
    CidrIpv4: '203.0.113.0/24',
    Tags: [],
  });
  return tempFile('web-vendor.json', file);
}

/** Several example groups in one `describe-security-groups` output (their rules too). */
function allExampleGroups(): string {
  const files = ['web-ssh-open', 'web-mail-drift', 'web-audit-smb', 'untagged'].map((name) =>
    readExample(`groups/${name}.json`),
  );
  return tempFile('groups.json', {
    SecurityGroups: files.flatMap((f) => f.SecurityGroups),
    SecurityGroupRules: files.flatMap((f) => f.SecurityGroupRules ?? []),
  });
}

const misconfigured = () =>
  tempFile('g.json', {
    GroupId: 'sg-0123456789abcdef0',
    Tags: [{ Key: 'guardrail:policy', Value: 'no-such-policy' }],
    IpPermissions: [],
    IpPermissionsEgress: [],
  });

/** A group with SSH from two prefix lists, only one of them in the --prefix-lists file. */
function bastionAndLists(): string[] {
  const group = tempFile('bastion.json', {
    SecurityGroups: [
      {
        GroupId: 'sg-0123456789abcdef0',
        GroupName: 'bastion',
        OwnerId: '111122223333',
        VpcId: 'vpc-0a1b2c3d4e5f67890',
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            PrefixListIds: [
              { PrefixListId: 'pl-0123456789abcdef0' },
              { PrefixListId: 'pl-0fedcba9876543210' },
            ],
          },
        ],
        IpPermissionsEgress: [],
        Tags: [{ Key: 'guardrail:policy', Value: 'no-public-admin-ports' }],
      },
    ],
  });
  const lists = tempFile('lists.json', { 'pl-0123456789abcdef0': { Entries: [{ Cidr: '10.0.0.0/8' }] } });
  return ['--group', group, '--prefix-lists', lists];
}

describe('plan JSON Schema', () => {
  it('is committed and up to date', () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    const verdict =
      committed === planJsonSchemaText()
        ? 'up to date'
        : 'apps/cli/schema/plan.v1.schema.json is stale: run npx tsx apps/cli/scripts/generate-schema.ts';
    expect(verdict).toBe('up to date');
  });

  it('is draft 2020-12, identified, one closed object per group (several: an array of them)', () => {
    const schema = JSON.parse(planJsonSchemaText());
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: PLAN_JSON_SCHEMA_ID,
      title: 'Guardrail plan JSON, version 1',
      type: 'object',
      additionalProperties: false,
    });
    expect(schema.description).toContain('an array of them');
    expect(schema.properties.schemaVersion).toEqual({ type: 'number', const: 1 });
    expect(schema.required).toContain('exceptions');
    expect(schema.required).not.toContain('unverifiable');
    const open: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (Array.isArray(node)) {
        for (const [i, child] of node.entries()) walk(child, `${path}[${i}]`);
      } else if (node && typeof node === 'object') {
        const object = node as Json;
        if (object.properties && object.additionalProperties !== false) open.push(path);
        for (const [key, child] of Object.entries(object)) walk(child, `${path}.${key}`);
      }
    };
    walk(schema, '$');
    expect(open).toEqual([]);
    expect(Object.keys(schema.$defs)).toEqual(
      expect.arrayContaining(['PlanException', 'PlanViolation', 'PlanAction', 'IpPermission']),
    );
  });
});

describe('guardrail plan --format json output fits the schema', () => {
  it.each<[string, string[]]>([
    [
      'a revoke by id, caused by the event',
      ['--group', example('groups/web-ssh-open.json'), '--event', example('events/ssh-opened.json')],
    ],
    [
      'revokes and an authorize',
      [
        '--group',
        example('groups/web-mail-missing-443.json'),
        '--event',
        example('events/https-revoked.json'),
      ],
    ],
    [
      'audit mode',
      ['--group', example('groups/web-audit-smb.json'), '--policies', example('policies-audit.yaml')],
    ],
    ['not opted in', ['--group', example('groups/untagged.json')]],
    ['misconfigured', ['--group', misconfigured()]],
    ['prefix lists read, one unverifiable', bastionAndLists()],
  ])('%s', async (_, args) => {
    const out = await planJson(args);
    expect(Array.isArray(out)).toBe(false);
    expect(planJsonSchema.parse(out)).toEqual(out);
  });

  it('with an exception that applied (id, reason, expiry)', async () => {
    const out = (await planJson([
      '--group',
      webWithVendorSsh(),
      '--policies',
      example('policies.yaml'),
    ])) as Json;
    expect(out.exceptions).toEqual([
      {
        id: 'exceptions[0]',
        direction: 'ingress',
        reason: 'vendor maintenance, CHG-1234',
        expires: '2026-12-31T00:00:00Z',
        applied: true,
      },
    ]);
    expect(planJsonSchema.parse(out)).toEqual(out);
  });

  it('several groups: an array, each element fitting the schema', async () => {
    const out = await planJson(['--group', allExampleGroups(), '--policies', example('policies.yaml')]);
    expect(Array.isArray(out)).toBe(true);
    const groups = out as Json[];
    expect(groups.map((g) => g.groupName)).toEqual(['web', 'web-mail', 'file-share', 'default']);
    expect(groups.map((g) => (g.exceptions as unknown[]).length)).toEqual([1, 0, 0, 0]);
    for (const group of groups) expect(planJsonSchema.parse(group)).toEqual(group);
  });

  it('a live plan (region known, prefix lists read)', async () => {
    const w = liveWorld(53);
    const open = w.seedGroup('open-db', OPTED_IN, [SSH_FROM('0.0.0.0/0')]);
    const out = (await planJson(
      ['--region', REGION, '--group-id', open],
      { aws: w.awsAs() },
      'read 1/1 groups\n',
    )) as Json;
    expect(out).toMatchObject({ region: REGION, unverifiable: [] });
    expect(planJsonSchema.parse(out)).toEqual(out);
  });

  it('the outputs above cover the nullable and optional fields both ways', async () => {
    const outs = [
      (await planJson(['--group', example('groups/untagged.json')])) as Json,
      (await planJson(['--group', misconfigured()])) as Json,
      (await planJson(bastionAndLists())) as Json,
    ];
    expect(
      outs.map((o) => [o.managed, o.unmanagedReason, o.misconfiguration, o.policy, 'unverifiable' in o]),
    ).toEqual([
      [false, 'not-opted-in', null, null, false],
      [
        false,
        null,
        expect.stringContaining('names unknown policy "no-such-policy"'),
        'no-such-policy',
        false,
      ],
      [true, null, null, 'no-public-admin-ports', true],
    ]);
  });
});

describe('the plan schema refuses', () => {
  let good: Json;
  beforeAll(async () => {
    good = (await planJson([
      '--group',
      example('groups/web-ssh-open.json'),
      '--event',
      example('events/ssh-opened.json'),
    ])) as Json;
  });

  const refused = (value: unknown) => {
    const result = planJsonSchema.safeParse(value);
    return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.') || '(root)');
  };

  it('accepts the good output it starts from', () => {
    expect(refused(good)).toEqual([]);
  });

  it('another schemaVersion', () => {
    expect(refused({ ...good, schemaVersion: 2 })).toEqual(['schemaVersion']);
  });

  it('a missing field, an unknown one, a wrong value', () => {
    const { exceptions: _exceptions, ...noExceptions } = good;
    expect(refused(noExceptions)).toEqual(['exceptions']);
    const { groupName: _groupName, ...noName } = good;
    expect(refused(noName)).toEqual(['groupName']);
    expect(refused({ ...good, extra: 1 })).toEqual(['(root)']);
    expect(refused({ ...good, mode: 'dry-run' })).toEqual(['mode']);
    const action = (good.actions as Json[])[0]!;
    expect(refused({ ...good, actions: [{ ...action, type: 'delete' }] })).toEqual(['actions.0.type']);
  });

  it('an array of groups (the schema is one group)', () => {
    expect(refused([good])).toEqual(['(root)']);
  });
});
