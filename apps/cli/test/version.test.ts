/**
 * `guardrail --version`, the top-level help, and what the executable (src/bin.ts) answers by itself,
 * run in-process from the sources. One source for the version: apps/cli/package.json, which
 * carries the same version as every package of the workspace; one Node.js floor, in `engines`,
 * bin.ts and the README alike. (The built bundle: bundle.test.ts.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_MIN_MAJOR, quickAnswer, unsupportedNode } from '../src/bin';
import type { CliIo } from '../src/io';
import { buildProgram, run, TOP_HELP_WIDTH } from '../src/main';
import { prepareProcess, SDK_NODE_NOTICE_SWITCH } from '../src/process-setup';
import { CLI_VERSION, versionOf } from '../src/version';

const REPO_ROOT = join(__dirname, '..', '..', '..');

function capture() {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    color: false,
    now: () => new Date('2030-01-01T00:00:00Z'),
  };
  return { io, out };
}

async function cli(args: string[]) {
  const { io, out } = capture();
  const code = await run(args, io);
  return { code, ...out };
}

interface Manifest {
  name: string;
  version?: string;
  engines?: { node?: string };
}
const manifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(REPO_ROOT, dir, 'package.json'), 'utf8'));

/** The root and every workspace package (pnpm-workspace.yaml: packages/*, apps/*, infra, test). */
const WORKSPACE = [
  '.',
  ...['packages', 'apps'].flatMap((parent) =>
    readdirSync(join(REPO_ROOT, parent)).map((name) => `${parent}/${name}`),
  ),
  'infra',
  'test',
];

describe('guardrail --version', () => {
  const cliPackage = manifest('apps/cli');

  it('prints the version of apps/cli/package.json and exits 0', async () => {
    for (const flag of ['--version', '-V']) {
      const result = await cli([flag]);
      expect(result).toEqual({ code: 0, stdout: `${cliPackage.version}\n`, stderr: '' });
    }
    expect(CLI_VERSION).toBe(cliPackage.version);
  });

  it('is the version of every package of the workspace, 0.2.0', () => {
    const versions = Object.fromEntries(WORKSPACE.map((dir) => [dir, manifest(dir).version]));
    expect(WORKSPACE.length).toBeGreaterThanOrEqual(10);
    for (const dir of WORKSPACE) expect([dir, versions[dir]]).toEqual([dir, '0.2.0']);
    expect(CLI_VERSION).toBe('0.2.0');
  });

  it('reads a package.json version, and names the file that has none', () => {
    expect(versionOf('{"version":"1.2.3"}', 'x/package.json')).toBe('1.2.3');
    expect(() => versionOf('{"name":"a"}', 'x/package.json')).toThrow('x/package.json: no "version" field');
    expect(() => versionOf('null', 'y/package.json')).toThrow('y/package.json');
  });
});

describe('Node.js', () => {
  it('every package, the executable and the README give the same floor (20), and recommend 22', () => {
    for (const dir of WORKSPACE)
      expect([dir, manifest(dir).engines?.node]).toEqual([dir, `>=${NODE_MIN_MAJOR}`]);
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`Node.js ${NODE_MIN_MAJOR}`);
    expect(readme).toContain('Node.js 22 LTS');
  });

  it('the executable refuses an older Node.js in one line, and takes 20 and later', () => {
    expect(unsupportedNode('v18.20.8')).toBe(
      'guardrail needs Node.js 20 or later (22 LTS recommended); this is v18.20.8\n',
    );
    expect(unsupportedNode('v8.0.0')).toContain('needs Node.js 20');
    expect(unsupportedNode('v20.0.0')).toBeUndefined();
    expect(unsupportedNode('v22.12.0')).toBeUndefined();
    expect(unsupportedNode('v24.1.0')).toBeUndefined();
    expect(unsupportedNode(process.version)).toBeUndefined();
  });

  it("turns the SDK's Node.js notice off with the SDK's own switch, unless the user set it", () => {
    const env: NodeJS.ProcessEnv = {};
    prepareProcess(env);
    expect(env).toEqual({ [SDK_NODE_NOTICE_SWITCH]: 'true' });
    const chosen: NodeJS.ProcessEnv = { [SDK_NODE_NOTICE_SWITCH]: 'false' };
    prepareProcess(chosen);
    expect(chosen[SDK_NODE_NOTICE_SWITCH]).toBe('false');
  });
});

describe('guardrail --help', () => {
  const COMMANDS = ['plan', 'report', 'demo', 'hub', 'sweep', 'dlq', 'baseline'];

  /** The command names of the help's "Commands:" section. */
  const listed = (help: string): string[] => {
    const section = help.split('\nCommands:\n')[1] ?? '';
    return [...section.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1] as string);
  };

  it('lists every command of the program, and the version and help options', async () => {
    const { code, stdout, stderr } = await cli(['--help']);
    expect([code, stderr]).toEqual([0, '']);
    const { io } = capture();
    const registered = buildProgram(io).commands.map((c) => c.name());
    expect(registered).toEqual(COMMANDS);
    expect(listed(stdout)).toEqual([...COMMANDS, 'help']);
    expect(stdout).toContain('-V, --version');
    expect(stdout).toContain('-h, --help');
  });

  it('`help` and `-h` print the same text', async () => {
    const help = (await cli(['--help'])).stdout;
    expect((await cli(['help'])).stdout).toBe(help);
    expect((await cli(['-h'])).stdout).toBe(help);
  });

  it(`is wrapped to ${TOP_HELP_WIDTH} columns whatever the terminal (the bundle prints it as built)`, async () => {
    const columns = Object.getOwnPropertyDescriptor(process.stdout, 'columns');
    const isTTY = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
    const at = async (width: number) => {
      Object.defineProperty(process.stdout, 'columns', { value: width, configurable: true });
      Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true });
      return (await cli(['--help'])).stdout;
    };
    try {
      const narrow = await at(60);
      const wide = await at(200);
      expect(wide).toBe(narrow);
      expect(Math.max(...wide.split('\n').map((line) => line.length))).toBeLessThanOrEqual(TOP_HELP_WIDTH);
      // A sub-command still follows the terminal.
      expect((await cli(['plan', '--help'])).stdout.split('\n').some((l) => l.length > TOP_HELP_WIDTH)).toBe(
        true,
      );
    } finally {
      for (const [key, descriptor] of [
        ['columns', columns],
        ['isTTY', isTTY],
      ] as const) {
        if (descriptor) Object.defineProperty(process.stdout, key, descriptor);
        else delete (process.stdout as unknown as Record<string, unknown>)[key];
      }
    }
  });
});

describe('what the executable answers without loading the commands', () => {
  const HELP = 'Usage: guardrail [options] [command]\n';

  it('--version and -V, alone', () => {
    expect(quickAnswer(['--version'], undefined)).toBe(`${CLI_VERSION}\n`);
    expect(quickAnswer(['-V'], HELP)).toBe(`${CLI_VERSION}\n`);
  });

  it('the top-level help, alone, when a built text is given (the bundle); never from the sources', () => {
    for (const arg of ['--help', '-h', 'help']) {
      expect(quickAnswer([arg], HELP)).toBe(HELP);
      expect(quickAnswer([arg], undefined)).toBeUndefined();
    }
  });

  it('anything else runs the program', () => {
    for (const argv of [
      [],
      ['demo'],
      ['demo', '--help'],
      ['help', 'demo'],
      ['--version', 'x'],
      ['--Help'],
      ['-v'],
    ]) {
      expect([argv, quickAnswer(argv, HELP)]).toEqual([argv, undefined]);
    }
  });
});
