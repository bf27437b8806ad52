/**
 * Bad input to `guardrail baseline`: one `error:` line naming the flag, exit 2, no stack trace,
 * and no AWS call at all (the commands check every flag before any).
 */
import { PROD, REGION } from './baseline-world';
import { cli, tempFile } from './support/plan-cli';

const GROUP = 'sg-0123456789abcdef0';
const WHERE = ['--account', PROD, '--region', REGION, '--group-id', GROUP, '--table', 'guardrail-state'];

/** Every call fails the test: the input must be refused before any. */
const noAws = {
  plugins: [
    {
      applyToStack(stack: { add(mw: unknown, options: object): void }) {
        stack.add(
          () => async () => {
            throw new Error('an AWS call was made');
          },
          { step: 'initialize', name: 'noAws' },
        );
      },
    },
  ],
};

const without = (flag: string) => {
  const at = WHERE.indexOf(flag);
  return [...WHERE.slice(0, at), ...WHERE.slice(at + 2)];
};

describe('guardrail baseline: bad input', () => {
  const cases: [command: string, args: string[], message: string][] = [
    ['show', without('--account'), "--account: required (the group's 12-digit account id)"],
    [
      'show',
      [...without('--account'), '--account', '1234'],
      '--account: "1234" is not a 12-digit account id',
    ],
    ['history', without('--region'), "--region: required (the group's region)"],
    [
      'show',
      [...without('--region'), '--region', 'eu-west-1,us-east-1'],
      '--region: "eu-west-1,us-east-1" is not an AWS region: one region at a time',
    ],
    ['show', without('--group-id'), '--group-id: required (the security group, sg-...)'],
    [
      'accept',
      [...without('--group-id'), '--group-id', 'sg-xyz'],
      '--group-id: "sg-xyz" is not a security group id (sg-...), 8 or 17 hex digits',
    ],
    ['show', without('--table'), '--stack or --table: one is needed'],
    ['history', [...WHERE, '--stack', 'guardrail-hub'], '--stack and --table: give one or the other'],
    ['show', [...without('--table'), '--table', 'a b'], '--table: "a b" is not a DynamoDB table name'],
    [
      'show',
      [...without('--table'), '--stack', 'not a stack'],
      '--stack: "not a stack" is not a CloudFormation stack name',
    ],
    ['show', [...WHERE, '--hub-region', 'everywhere'], '--hub-region: "everywhere" is not an AWS region'],
    ['history', [...WHERE, '--format', 'yaml'], '--format: "yaml" is not text or json'],
    ['show', [...WHERE, '--role-arn', 'admin'], '--role-arn: "admin" is not an IAM role ARN'],
    ['accept', WHERE, '--reason: required (why'],
    ['accept', [...WHERE, '--reason', '   '], '--reason: required (why'],
    [
      'accept',
      [...WHERE, '--reason', 'CHG-1\nSeverity: info'],
      '--reason: one line, without control characters',
    ],
    ['accept', [...WHERE, '--reason', 'x'.repeat(501)], '--reason: at most 500 characters (got 501)'],
    ['accept', [...WHERE, '--reason', 'CHG-1', '--policies', '/nonexistent.yaml'], '/nonexistent.yaml'],
    [
      'accept',
      [...WHERE, '--reason', 'CHG-1', '--tag-policy', ''],
      '--tag-policy: a tag key cannot be empty',
    ],
  ];

  it.each(cases.map(([command, args, message]) => [command, message, args] as const))(
    'baseline %s: "%s", exit 2, one line',
    async (command, message, args) => {
      const { code, stdout, stderr } = await cli(['baseline', command, ...args], { aws: noAws });
      expect([code, stdout]).toEqual([2, '']);
      expect(stderr.startsWith(`error: ${message}`)).toBe(true);
      expect(stderr.split('\n')).toHaveLength(2);
    },
  );

  it('a policy file that is not valid is refused before any AWS call', async () => {
    const bad = tempFile(
      'p.yaml',
      'version: 1\npolicies:\n  x:\n    lock: true\n    ingress: { allow: [] }\n',
    );
    const { code, stderr } = await cli(
      ['baseline', 'accept', ...WHERE, '--reason', 'CHG-1', '--policies', bad],
      {
        aws: noAws,
      },
    );
    expect(code).toBe(2);
    expect(stderr).toContain('a lock policy takes its rules from the');
  });

  it('history takes no --role-arn (it reads the table alone)', async () => {
    const { code, stderr } = await cli(['baseline', 'history', ...WHERE, '--role-arn', 'x'], { aws: noAws });
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option '--role-arn'");
  });
});
