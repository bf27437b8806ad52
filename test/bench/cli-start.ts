/**
 * `guardrail --help` start time, built against run from the sources: the median of fresh
 * processes of `node <built>/guardrail.cjs --help` and of `tsx apps/cli/src/main.ts --help`,
 * run in turn (one of each per round, after one unmeasured round), so both see the same machine.
 * The built CLI is made for the run in a temporary directory (apps/cli/scripts/build.ts, run as
 * a script: this workspace does not import the app), unless `bin` names one.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { percentile, round } from './stats';

const REPO_ROOT = resolve(__dirname, '..', '..');
const BUILD_SCRIPT = join(REPO_ROOT, 'apps', 'cli', 'scripts', 'build.ts');
const SOURCE_MAIN = join(REPO_ROOT, 'apps', 'cli', 'src', 'main.ts');
/** issue 11: the built `guardrail --help` starts in under 300 ms. */
export const TARGET_HELP_MS = 300;

export interface StartTimes {
  medianMs: number;
  minMs: number;
  maxMs: number;
}

export interface CliStartResult {
  runs: number;
  built: StartTimes;
  tsx: StartTimes;
  /** tsx median / built median. */
  speedup: number;
  /** Bytes of the executable (dist/guardrail.cjs) and of the commands it loads (dist/cli.cjs). */
  bytes: { executable: number; commands: number };
}

const tsxCli = (): string => require.resolve('tsx/cli', { paths: [REPO_ROOT] });

/** Wall time of one fresh process; throws when it does not exit 0. */
function timeOnce(args: string[], cwd: string): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`node ${args.join(' ')}: exit ${result.status ?? result.signal}: ${result.stderr}`);
  }
  return ms;
}

function times(samples: number[]): StartTimes {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    medianMs: round(percentile(sorted, 50), 1),
    minMs: round(sorted[0] as number, 1),
    maxMs: round(sorted[sorted.length - 1] as number, 1),
  };
}

/** Builds the CLI into a new temporary directory; the path of its executable. */
function buildToTemp(): { bin: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'guardrail-cli-bench-'));
  const result = spawnSync(process.execPath, [tsxCli(), BUILD_SCRIPT, '--out', dir], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`build of the CLI failed: ${result.stderr || result.stdout}`);
  return { bin: join(dir, 'guardrail.cjs'), dir };
}

export function cliStart(options: { runs?: number; bin?: string } = {}): CliStartResult {
  const runs = Math.max(10, options.runs ?? 10);
  const temp = options.bin === undefined ? buildToTemp() : undefined;
  const bin = options.bin ?? (temp as { bin: string }).bin;
  // From a folder outside the repository, as an installed CLI runs; tsx from the repository root.
  const cwd = tmpdir();
  try {
    const built: number[] = [];
    const fromSources: number[] = [];
    for (let i = -1; i < runs; i++) {
      const b = timeOnce([bin, '--help'], cwd);
      const t = timeOnce([tsxCli(), SOURCE_MAIN, '--help'], REPO_ROOT);
      if (i < 0) continue; // warm-up: file cache, tsx's compile cache
      built.push(b);
      fromSources.push(t);
    }
    const result = { built: times(built), tsx: times(fromSources) };
    return {
      runs,
      ...result,
      speedup: round(result.tsx.medianMs / result.built.medianMs, 1),
      bytes: {
        executable: statSync(bin).size,
        commands: statSync(join(dirname(bin), 'cli.cjs')).size,
      },
    };
  } finally {
    if (temp !== undefined) rmSync(temp.dir, { recursive: true, force: true });
  }
}

/** The bench table's rows, in run.ts's `row(label, value, target, verdict)` layout. */
export function cliStartRows(
  result: CliStartResult,
  row: (label: string, value: string, target?: string, verdict?: string) => string,
): string[] {
  const kb = (n: number) => `${round(n / 1024, 1)} KB`;
  const ok = result.built.medianMs < TARGET_HELP_MS;
  return [
    row(
      `CLI: guardrail --help, built, median of ${result.runs} fresh processes`,
      `${result.built.medianMs} ms`,
      `< ${TARGET_HELP_MS} ms`,
      ok ? 'ok' : 'MISSED',
    ),
    row('  min / max', `${result.built.minMs} / ${result.built.maxMs} ms`),
    row(`CLI: tsx apps/cli/src/main.ts --help, median of ${result.runs}`, `${result.tsx.medianMs} ms`),
    row('  min / max', `${result.tsx.minMs} / ${result.tsx.maxMs} ms`),
    row('CLI: built / tsx, --help start', `${result.speedup}x faster`),
    row(
      'CLI bundle: executable / commands (dist/guardrail.cjs / cli.cjs)',
      `${kb(result.bytes.executable)} / ${kb(result.bytes.commands)}`,
    ),
  ];
}
