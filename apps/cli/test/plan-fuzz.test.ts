/**
 * Whatever the files say, `guardrail plan` ends in one of its exit statuses, and bad input is one
 * `error:` line: never a stack trace, never "unexpected error". Valid group documents are
 * mutated (a field replaced by a value EC2 would refuse, by any JSON, removed, or repeated), and
 * arbitrary JSON is given whole. In process (as the other plan suites) so a few hundred runs stay
 * fast.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { cli, tempFile } from './support/plan-cli';

const examples = join(__dirname, '..', '..', '..', 'examples', 'groups');
const BASES: unknown[] = [
  'untagged.json',
  'web-audit-smb.json',
  'web-mail-drift.json',
  'web-mail-missing-443.json',
  'web-ssh-open.json',
].map((name) => JSON.parse(readFileSync(join(examples, name), 'utf8')));

/** Values near the edges of what EC2 takes, in every field they could land in. */
const EDGY = fc.constantFrom<unknown>(
  -2,
  -1,
  0,
  255,
  256,
  65535,
  65536,
  3389,
  1.5,
  '22',
  '-1',
  '6',
  '58',
  'tcp',
  'tcpp',
  '300',
  'all',
  '10.0.0.0/33',
  '10.0.0.1/8',
  ' 10.0.0.0/8',
  '10.0.0.0/8\n',
  'a\nb',
  'hello',
  '::/0',
  'fe80::1%eth0/64',
  '0.0.0.0/0',
  'pl-1',
  'not a pl',
  'sg-0123456789abcdef0',
  'abc',
  '',
  null,
  true,
  [],
  {},
);

type Json = unknown;
type Path = (string | number)[];

/** Every path in the document, the root included. */
function pathsOf(value: Json, at: Path = []): Path[] {
  const children =
    value !== null && typeof value === 'object'
      ? Object.entries(value as Record<string, Json>).flatMap(([key, child]) =>
          pathsOf(child, [...at, Array.isArray(value) ? Number(key) : key]),
        )
      : [];
  return [at, ...children];
}

type Mutation = { pick: number; kind: 'replace' | 'remove' | 'repeat' | 'add'; value: Json; key: string };

const KEYS = [
  'FromPort',
  'ToPort',
  'IpProtocol',
  'CidrIp',
  'CidrIpv6',
  'NextToken',
  'SecurityGroupRules',
  'GroupId',
];

const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  kind: fc.constantFrom('replace', 'remove', 'repeat', 'add'),
  value: fc.oneof(EDGY, fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' })),
  key: fc.constantFrom(...KEYS),
});

function mutate(document: Json, mutations: Mutation[]): Json {
  let root = structuredClone(document);
  for (const { pick, kind, value, key } of mutations) {
    const paths = pathsOf(root);
    const path = paths[pick % paths.length]!;
    if (path.length === 0) {
      if (kind === 'replace') root = value;
      continue;
    }
    const parent = path.slice(0, -1).reduce<Json>((node, k) => (node as Record<string, Json>)[k], root) as
      | Record<string, Json>
      | Json[];
    const last = path.at(-1)!;
    if (Array.isArray(parent)) {
      const index = last as number;
      if (kind === 'remove') parent.splice(index, 1);
      else if (kind === 'repeat') parent.splice(index, 0, structuredClone(parent[index]));
      else if (kind === 'add') parent.push(value);
      else parent[index] = value;
    } else {
      const object = parent as Record<string, Json>;
      if (kind === 'remove') delete object[last];
      else if (kind === 'add') object[key] = value;
      else object[last] = kind === 'repeat' ? structuredClone(object[last]) : value;
    }
  }
  return root;
}

/** One file, rewritten for each run: no temporary folder per run. */
const groupFile = tempFile('group.json', {});

async function plan(content: string, ...args: string[]) {
  writeFileSync(groupFile, content);
  return cli(['plan', '--group', groupFile, ...args]);
}

function expectWellBehaved(result: { code: number; stdout: string; stderr: string }): void {
  expect([0, 1, 2]).toContain(result.code);
  expect(result.stderr).not.toContain('unexpected error');
  expect(result.stderr).not.toMatch(/\n\s+at /);
  if (result.code === 2) {
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: [^\n]+\n$/);
  } else {
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toBe('');
  }
}

describe('guardrail plan never fails badly (fast-check)', () => {
  it('a valid group document, mutated', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...BASES),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('text', 'json'),
        async (base, mutations, format) => {
          expectWellBehaved(await plan(JSON.stringify(mutate(base, mutations)), '--format', format));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('arbitrary JSON as the group, or as its only permission', async () => {
    const permission = (value: Json) => ({ GroupId: 'sg-1', IpPermissions: [value] });
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ stringUnit: 'binary' }), fc.boolean(), async (value, wrap) => {
        expectWellBehaved(await plan(JSON.stringify(wrap ? permission(value) : value)));
      }),
      { numRuns: 150 },
    );
  });

  it('text that is not JSON, and any --now', async () => {
    const valid = JSON.stringify(BASES[0]);
    const instant = fc
      .date({ noInvalidDate: true, min: new Date('0001-01-01'), max: new Date('9999-12-31') })
      .map((d) => d.toISOString());
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ unit: 'binary' }), fc.constant(valid), fc.constant(valid.slice(0, 40))),
        fc.oneof(
          fc.string({ unit: 'binary' }),
          instant,
          instant.map((t) => t.replace(/\d/, '9')),
        ),
        async (content, now) => {
          expectWellBehaved(await plan(content, '--now', now));
        },
      ),
      { numRuns: 150 },
    );
  });
});
