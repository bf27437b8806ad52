/**
 * The launcher behind `pnpm guardrail` and `pnpm demo` (apps/cli/scripts/launch.cjs): the built
 * CLI when it is there and nothing it is built from is newer, else the sources. Judged here on a
 * planted tree (apps/cli with dist and src, packages/<name>/src) with chosen modification times.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { buildState, builtFiles, sourcesOf } = require('../scripts/launch.cjs') as {
  buildState(cliRoot: string): 'built' | 'stale' | 'none';
  builtFiles(cliRoot: string): string[];
  sourcesOf(cliRoot: string): string[];
};

let repo: string;
let cli: string;
const T0 = new Date('2030-01-01T00:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function plant(path: string, time: Date): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, 'x');
  utimesSync(path, time, time);
}

/** Folders get the oldest time, so that only the files planted decide. */
function ageFolders(time: Date): void {
  for (const dir of [
    join(cli, 'src'),
    join(cli, 'src', 'commands'),
    join(cli, 'dist'),
    join(repo, 'packages', 'core', 'src'),
    join(repo, 'packages', 'aws', 'src'),
  ]) {
    utimesSync(dir, time, time);
  }
}

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'guardrail-launch-test-'));
  cli = join(repo, 'apps', 'cli');
  plant(join(cli, 'package.json'), at(0));
  plant(join(cli, 'src', 'main.ts'), at(0));
  plant(join(cli, 'src', 'commands', 'demo.ts'), at(0));
  plant(join(repo, 'packages', 'core', 'src', 'index.ts'), at(0));
  plant(join(repo, 'packages', 'aws', 'src', 'index.ts'), at(0));
  mkdirSync(join(cli, 'dist'), { recursive: true });
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('pnpm guardrail: built or sources', () => {
  it('runs the sources when nothing is built, or only half of it', () => {
    ageFolders(at(0));
    expect(buildState(cli)).toBe('none');
    plant(join(cli, 'dist', 'guardrail.cjs'), at(10));
    expect(buildState(cli)).toBe('none');
  });

  it('runs the build when both files are newer than every source', () => {
    for (const file of builtFiles(cli)) plant(file, at(10));
    ageFolders(at(0));
    expect(buildState(cli)).toBe('built');
  });

  it.each([
    ['a CLI source', ['apps', 'cli', 'src', 'commands', 'demo.ts']],
    ['a package source', ['packages', 'core', 'src', 'index.ts']],
    ['the CLI package.json (the version)', ['apps', 'cli', 'package.json']],
  ])('calls the build stale when %s is newer', (_what, path) => {
    for (const file of builtFiles(cli)) plant(file, at(10));
    plant(join(repo, ...path), at(20));
    ageFolders(at(0));
    expect(buildState(cli)).toBe('stale');
  });

  it('calls it stale when a source is newer than the older of the two built files', () => {
    const [bin, commands] = builtFiles(cli) as [string, string];
    plant(bin, at(30));
    plant(commands, at(10));
    plant(join(cli, 'src', 'main.ts'), at(20));
    ageFolders(at(0));
    expect(buildState(cli)).toBe('stale');
  });

  it('watches the CLI sources, its package.json and every package', () => {
    expect(sourcesOf(cli).sort()).toEqual(
      [
        join(cli, 'src'),
        join(cli, 'package.json'),
        join(repo, 'packages', 'aws', 'src'),
        join(repo, 'packages', 'core', 'src'),
      ].sort(),
    );
  });
});
