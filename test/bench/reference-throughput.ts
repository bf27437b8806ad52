/**
 * Throughput before and after, in one run (issue 11): the same scenario (1,000 events, 10 hub
 * instances with a batch each, 25 ms per call) run against this tree and against the tree as it
 * was before issue 11 (REFERENCE_REV, checked out as a git worktree in the temp folder and
 * installed once, then reused). The scenario's own files (scenarios.ts, world.ts, stats.ts and the
 * probe) are copied into the reference tree, so both run the same measurement over their own
 * packages. Fresh processes, alternated (reference, current, reference, ...), medians reported:
 * this machine is noisy, and the two see the same moments of it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { percentile, round } from './stats';

const REPO_ROOT = resolve(__dirname, '..', '..');
/** The last commit before issue 11's work (f2bcff1: the alert and plan schemas). */
export const REFERENCE_REV = process.env.GUARDRAIL_BENCH_REFERENCE_REV ?? 'f2bcff1';
/** issue 11: the 10-batches-in-flight throughput at least doubles. */
export const TARGET_THROUGHPUT_RATIO = 2;
const COPIED = ['scenarios.ts', 'world.ts', 'stats.ts', 'throughput-probe.ts'];

export interface ThroughputPair {
  memory: number;
  table: number;
}

export type ReferenceThroughputResult =
  | {
      rev: string;
      runs: number;
      reference: ThroughputPair;
      current: ThroughputPair;
      ratio: ThroughputPair;
      met: boolean;
    }
  | { rev: string; unavailable: string };

function prepareReference(rev: string): string {
  const dir = join(tmpdir(), `guardrail-bench-reference-${rev}`);
  if (!existsSync(join(dir, 'node_modules'))) {
    if (!existsSync(dir)) {
      execFileSync('git', ['-C', REPO_ROOT, 'worktree', 'add', '--force', '--detach', dir, rev], {
        stdio: 'ignore',
      });
    }
    execFileSync('pnpm', ['install', '--frozen-lockfile', '--prefer-offline'], { cwd: dir, stdio: 'ignore' });
  }
  const target = join(dir, 'test', 'bench', 'current-model');
  mkdirSync(target, { recursive: true });
  for (const file of COPIED) copyFileSync(join(__dirname, file), join(target, file));
  return join(target, 'throughput-probe.ts');
}

function probe(cwd: string, script: string): ThroughputPair {
  const tsx = require.resolve('tsx/cli', { paths: [cwd] });
  const run = spawnSync(process.execPath, [tsx, script], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0)
    throw new Error(`throughput probe failed in ${cwd}: ${run.stderr.trim().split('\n')[0]}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as ThroughputPair;
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

export function referenceThroughput(runs = 3): ReferenceThroughputResult {
  let referenceScript: string;
  try {
    referenceScript = prepareReference(REFERENCE_REV);
  } catch (error) {
    return { rev: REFERENCE_REV, unavailable: error instanceof Error ? error.message : String(error) };
  }
  const referenceRoot = resolve(referenceScript, '..', '..', '..', '..');
  const samples = { reference: [] as ThroughputPair[], current: [] as ThroughputPair[] };
  for (let i = 0; i < runs; i++) {
    samples.reference.push(probe(referenceRoot, referenceScript));
    samples.current.push(probe(REPO_ROOT, join(__dirname, 'throughput-probe.ts')));
  }
  const pair = (list: ThroughputPair[]): ThroughputPair => ({
    memory: median(list.map((p) => p.memory)),
    table: median(list.map((p) => p.table)),
  });
  const reference = pair(samples.reference);
  const current = pair(samples.current);
  const ratio = {
    memory: round(current.memory / reference.memory, 2),
    table: round(current.table / reference.table, 2),
  };
  return {
    rev: REFERENCE_REV,
    runs,
    reference,
    current,
    ratio,
    met: ratio.memory >= TARGET_THROUGHPUT_RATIO,
  };
}

type Row = (label: string, value: string, target?: string, verdict?: string) => string;

export function referenceThroughputRows(result: ReferenceThroughputResult, row: Row): string[] {
  const title = `throughput before and after (10 instances, 25 ms per call; reference: ${result.rev}, the tree before issue 11)`;
  if ('unavailable' in result) return ['', title, `  reference unavailable: ${result.unavailable}`];
  return [
    '',
    `${title}, median of ${result.runs} alternated fresh processes each:`,
    row('  state in memory', `${result.reference.memory} -> ${result.current.memory} ev/s`),
    row(
      '    current / reference',
      `${result.ratio.memory}x`,
      `>= ${TARGET_THROUGHPUT_RATIO}x`,
      result.met ? 'ok' : 'MISSED',
    ),
    row('  state table on', `${result.reference.table} -> ${result.current.table} ev/s`),
    row('    current / reference', `${result.ratio.table}x`),
  ];
}
