/**
 * Which configuration `pnpm synth` uses, and what it prints when it cannot: the example only when
 * asked, and a broken file as one `field: problem` line per problem, exit status 1, no stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigSourceError } from '../src/config/errors';
import { chooseConfigFile } from '../src/config/source';
import { INFRA_ROOT } from '../src/paths';

const own = resolve(INFRA_ROOT, 'guardrail.config.yaml');
const example = resolve(INFRA_ROOT, 'guardrail.config.example.yaml');
const none = () => false;
const only = (path: string) => (candidate: string) => candidate === path;

describe('the configuration synth uses', () => {
  it('is -c config=<file>, else infra/guardrail.config.yaml', () => {
    expect(chooseConfigFile({ file: '/etc/guardrail.yaml', infraRoot: INFRA_ROOT, exists: only(own) })).toBe(
      '/etc/guardrail.yaml',
    );
    expect(chooseConfigFile({ infraRoot: INFRA_ROOT, exists: only(own) })).toBe(own);
  });

  it('is never the example by default: one line says what to do', () => {
    let error: unknown;
    try {
      chooseConfigFile({ infraRoot: INFRA_ROOT, exists: none });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigSourceError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain('no deploy configuration');
    expect(message).toContain('-c example=true');
    expect(message).toContain('-c config=<file>');
  });

  it('is the example when asked with -c example=true (as cdk passes it, a string), even next to an own file', () => {
    for (const asked of ['true', true, '1']) {
      expect(chooseConfigFile({ example: asked, infraRoot: INFRA_ROOT, exists: only(own) })).toBe(example);
    }
    expect(() => chooseConfigFile({ example: 'false', infraRoot: INFRA_ROOT, exists: none })).toThrow(
      ConfigSourceError,
    );
    expect(() => chooseConfigFile({ example: 'true', file: 'mine.yaml', infraRoot: INFRA_ROOT })).toThrow(
      '-c example=true and -c config=mine.yaml: give one of them',
    );
  });
});

/** Runs the synth entry as `cdk synth` does (context through CDK_CONTEXT_JSON), without the CDK CLI. */
function runApp(context: Record<string, string>) {
  const outdir = mkdtempSync(join(tmpdir(), 'guardrail-app-'));
  return spawnSync(process.execPath, ['--import', 'tsx', resolve(INFRA_ROOT, 'src', 'app.ts')], {
    cwd: INFRA_ROOT,
    encoding: 'utf8',
    env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outdir },
  });
}

describe('synth with a broken configuration', () => {
  it('prints only the list of problems, one field: problem line each, and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guardrail-config-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      [
        'hub: { account: "1234", region: us-east-9 }',
        'organizationId: o-exampleorgid',
        'targets: { organizationalUnitIds: [ou-abcd-11111111], regions: [eu-west-1] }',
        `policyFile: ${example.replace('guardrail.config.example.yaml', 'policies.example.yaml')}`,
        'sweep: { schedule: rate(6 hour) }',
        'logRetentionDays: 31',
        'typo: 1',
      ].join('\n'),
    );
    const result = runApp({ config: file });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `Invalid deploy configuration ${file}:`,
      '  hub.account: must be a 12-digit AWS account id',
      '  hub.region: us-east-9 is not a region of aws, aws-cn, aws-us-gov',
      '  sweep.schedule: rate(6 hour): EventBridge wants rate(6 hours) (singular for 1, plural otherwise)',
      '  logRetentionDays: must be one of 7, 14, 30, 90, 180, 365',
      '  typo: is not a known field',
    ]);
  });

  it('says a configuration file that cannot be read in one line, and exits 1', () => {
    const result = runApp({ config: join(tmpdir(), 'guardrail-absent', 'nope.yaml') });
    expect(result.status).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^Invalid deploy configuration .*nope\.yaml:$/),
      '  (file): cannot read the file',
    ]);
  });
});
