/**
 * The built CLI (`pnpm build`, apps/cli/scripts/build.ts), built here into a temporary directory
 * outside the repository and run as fresh processes from another temporary directory: nothing
 * of the workspace (no node_modules, no source, no policy file) is reachable from there, so
 * what passes here is what `npm install -g` of the packed tarball runs.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoReport } from '../src/demo/report';
import type { CliIo } from '../src/io';
import { run } from '../src/main';
import { SDK_NODE_NOTICE_SWITCH } from '../src/process-setup';

const CLI_ROOT = join(__dirname, '..');
const REPO_ROOT = join(CLI_ROOT, '..', '..');

/** esbuild must resolve from the build script, as `pnpm build` runs it. */
function esbuildMissing(): string | undefined {
  try {
    require.resolve('esbuild', { paths: [join(CLI_ROOT, 'scripts')] });
    return undefined;
  } catch {
    return 'esbuild does not resolve from apps/cli/scripts (it is a devDependency of @guardrail/cli: pnpm install)';
  }
}

const missing = esbuildMissing();
if (missing !== undefined) {
  process.stderr.write(`bundle.test.ts: SKIPPED, ${missing}\n`);
}
const describeBuilt = missing === undefined ? describe : describe.skip;

let work: string;
let dist: string;
let elsewhere: string;

/** The built executable in a fresh process, from a folder outside the repository, without the SDK switch. */
function guardrail(args: string[], bin = join(dist, 'guardrail.cjs')) {
  const env = { ...process.env };
  delete env[SDK_NODE_NOTICE_SWITCH];
  delete env.NODE_PATH;
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: elsewhere, env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function inProcess(args: string[]) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    color: false,
    now: () => new Date(),
  };
  const code = await run(args, io);
  return { code, ...out };
}

describeBuilt(`the built CLI${missing ? ` (skipped: ${missing})` : ''}`, () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'guardrail-bundle-test-'));
    dist = join(work, 'dist');
    elsewhere = join(work, 'elsewhere');
    mkdirSync(elsewhere);
    const tsx = require.resolve('tsx/cli', { paths: [REPO_ROOT] });
    const built = spawnSync(process.execPath, [tsx, join(CLI_ROOT, 'scripts', 'build.ts'), '--out', dist], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    if (built.status !== 0) throw new Error(`build failed: ${built.stderr}${built.stdout}`);
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('is a package with a guardrail bin, the workspace version and no dependencies', () => {
    const manifest = JSON.parse(readFileSync(join(dist, 'package.json'), 'utf8'));
    const source = JSON.parse(readFileSync(join(CLI_ROOT, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: '@guardrail/cli',
      version: source.version,
      bin: { guardrail: 'guardrail.cjs' },
      engines: source.engines,
    });
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies']) {
      expect([field, manifest[field]]).toEqual([field, undefined]);
    }
    for (const file of manifest.files) expect([file, existsSync(join(dist, file))]).toEqual([file, true]);
    expect(readFileSync(join(dist, 'guardrail.cjs'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('--version prints the version of apps/cli/package.json', () => {
    const { version } = JSON.parse(readFileSync(join(CLI_ROOT, 'package.json'), 'utf8'));
    expect(guardrail(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('--help, -h and help print what the program prints in-process', async () => {
    const expected = await inProcess(['--help']);
    expect(expected.code).toBe(0);
    for (const flag of ['--help', '-h', 'help']) {
      expect(guardrail([flag])).toEqual({ code: 0, stdout: expected.stdout, stderr: '' });
    }
  });

  it('answers --version and --help without the commands file; a command needs it', () => {
    const alone = join(work, 'alone');
    mkdirSync(alone);
    copyFileSync(join(dist, 'guardrail.cjs'), join(alone, 'guardrail.cjs'));
    const bin = join(alone, 'guardrail.cjs');
    expect(guardrail(['--version'], bin).code).toBe(0);
    expect(guardrail(['--help'], bin)).toEqual(guardrail(['--help']));
    const demo = guardrail(['demo', '--help'], bin);
    expect(demo.code).not.toBe(0);
    expect(demo.stderr).toContain('cli.cjs');
  });

  it('runs a command: its help, and a usage error exits 2', () => {
    const demoHelp = guardrail(['demo', '--help']);
    expect(demoHelp.code).toBe(0);
    expect(demoHelp.stdout).toContain('Usage: guardrail demo [options]');
    const bad = guardrail(['demo', '--format', 'yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: --format: "yaml" is not text or json\n');
  });

  it('runs the demo from another folder: exit 0, every story as expected, no SDK notice on stderr', () => {
    const reportDir = join(work, 'report');
    const { code, stdout, stderr } = guardrail(['demo', '--format', 'json', '--report-dir', reportDir]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as DemoReport;
    expect(report.ok).toBe(true);
    expect(report.stories.length).toBeGreaterThanOrEqual(10);
    expect(report.stories.every((story) => story.ok)).toBe(true);
    expect(existsSync(join(reportDir, 'posture.html'))).toBe(true);
    // On Node.js 20 the SDK prints its notice unless the executable turns it off; 22 never prints it.
    expect(stderr).not.toContain('NodeVersionSupportWarning');
    expect(stderr).not.toContain('Warning');
    expect(stderr).toBe(`wrote ${join(reportDir, 'posture.html')}\n`);
  }, 60_000);

  it('plans a group from files the user names, with their policy file, from the folder it runs in', async () => {
    const group = join(REPO_ROOT, 'examples', 'groups', 'web-audit-smb.json');
    const policies = join(REPO_ROOT, 'examples', 'policies-audit.yaml');
    const args = [
      'plan',
      '--group',
      group,
      '--policies',
      policies,
      '--format',
      'json',
      '--now',
      '2030-01-01T00:00:00Z',
    ];
    const built = guardrail(args);
    expect([built.code, built.stderr]).toEqual([0, '']);
    expect(JSON.parse(built.stdout)).toEqual(JSON.parse((await inProcess(args)).stdout));
  });
});
