/**
 * `pnpm bench`: the hub's performance on the sandbox (issue 3; targets from design.md section 9).
 * Prints a table and writes the figures to test/bench/results.json. Not part of the test run.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callsReport, callsReportRows } from './calls';
import { cliStart, cliStartRows } from './cli-start';
import { coldStart, coldStartRows } from './cold-start';
import { referenceThroughput, referenceThroughputRows } from './reference-throughput';
import {
  type ColdBatchResult,
  coldBatch,
  compute,
  LATENCY_MS,
  type OneEventResult,
  oneEvent,
  type ThroughputResult,
  throughput,
} from './scenarios';
import { round } from './stats';
import { sweepRows, sweepScenario } from './sweep';

const TARGET_SEQUENTIAL_CALLS = 3;
const TARGET_P99_COMPUTE_MS = 5;

function row(label: string, value: string, target = '', verdict = ''): string {
  return `  ${label.padEnd(64)} ${value.padStart(20)}  ${target.padEnd(8)} ${verdict}`.trimEnd();
}
const meets = (ok: boolean) => (ok ? 'ok' : 'MISSED');

function oneEventRows(label: string, single: OneEventResult): string[] {
  return [
    row(
      `${label}: sequential AWS calls on the critical path`,
      String(single.sequentialCalls),
      `<= ${TARGET_SEQUENTIAL_CALLS}`,
      meets(single.sequentialCalls <= TARGET_SEQUENTIAL_CALLS),
    ),
    `    critical path: ${single.criticalSteps.map((step) => `[${step.join(' | ')}]`).join(' > ')}`,
    row('  AWS calls in total (parallel ones included)', String(single.callsTotal)),
    row(`${label}: end to end, median of ${single.endToEndMs.runs}`, `${single.endToEndMs.median} ms`),
    row('  min / max', `${single.endToEndMs.min} / ${single.endToEndMs.max} ms`),
  ];
}

function coldBatchRows(label: string, cold: ColdBatchResult): string[] {
  return [
    row(
      `${label}: a cold instance, 10 events of 10 new accounts: sequential steps`,
      String(cold.sequentialCalls),
    ),
    `    critical path: ${cold.criticalSteps.map((step) => `[${step.join(' | ')}]`).join(' > ')}`,
    row('  AWS calls in total', String(cold.callsTotal)),
  ];
}

function throughputRows(label: string, result: ThroughputResult): string[] {
  const batches =
    result.inFlight === 1
      ? '1 batch of 10 at a time'
      : result.model === 'lambda'
        ? `${result.inFlight} instances, a batch each`
        : `${result.inFlight} batches through 1 instance`;
  return [
    row(`${label}: 1,000 events, 100 accounts x 2 regions, ${batches}`, `${result.eventsPerSecond} ev/s`),
    row('  elapsed', `${result.elapsedMs} ms`),
  ];
}

async function main(): Promise<void> {
  process.stderr.write('bench: one event...\n');
  const single = await oneEvent();
  process.stderr.write('bench: one event, state table on...\n');
  const singleTable = await oneEvent(10, { stateTable: true });
  process.stderr.write('bench: a cold instance, 10 new accounts...\n');
  const cold10 = await coldBatch();
  const cold10Table = await coldBatch({ stateTable: true });
  process.stderr.write('bench: 1,000 events, batches one at a time...\n');
  const serial = await throughput(1);
  process.stderr.write('bench: 1,000 events, 10 batches in flight...\n');
  const parallel = await throughput(10);
  const parallelShared = await throughput(10, { model: 'shared' });
  process.stderr.write('bench: 1,000 events, state table on, batches one at a time...\n');
  const serialTable = await throughput(1, { stateTable: true });
  process.stderr.write('bench: 1,000 events, state table on, 10 batches in flight...\n');
  const parallelTable = await throughput(10, { stateTable: true });
  const parallelTableShared = await throughput(10, { stateTable: true, model: 'shared' });
  process.stderr.write('bench: hub compute...\n');
  const cpu = await compute();
  const memory = process.memoryUsage();
  process.stderr.write(
    'bench: cold start of the Lambda bundle, current and reference (fresh processes)...\n',
  );
  const cold = await coldStart();
  process.stderr.write('bench: AWS calls and CPU per event...\n');
  const calls = await callsReport();
  process.stderr.write('bench: CLI start, built and from the sources (fresh processes)...\n');
  const cli = cliStart({ runs: 10 });
  process.stderr.write('bench: throughput before and after (the pre-issue-11 tree, fresh processes)...\n');
  const before = referenceThroughput();
  process.stderr.write(
    'bench: the sweep at organization scale (planner, targets before and at the derived sizing)...\n',
  );
  const sweep = await sweepScenario();
  const mib = (bytes: number) => `${round(bytes / 1024 / 1024, 1)} MiB`;

  const lines = [
    '',
    `Guardrail hub benchmark (sandbox, real SDK v3 clients, ${LATENCY_MS} ms injected per AWS call; node ${process.version})`,
    '',
    row('measure', 'value', 'target', ''),
    ...oneEventRows('one event, state in memory', single),
    ...oneEventRows('one event, state table on', singleTable),
    ...coldBatchRows('state in memory', cold10),
    ...coldBatchRows('state table on', cold10Table),
    ...throughputRows('state in memory', serial),
    ...throughputRows('state in memory', parallel),
    ...throughputRows('state in memory', parallelShared),
    ...throughputRows('state table on', serialTable),
    ...throughputRows('state table on', parallelTable),
    ...throughputRows('state table on', parallelTableShared),
    row(`hub compute per event, p50 (${cpu.events} events, no AWS)`, `${cpu.p50Ms} ms`),
    row(
      'hub compute per event, p99',
      `${cpu.p99Ms} ms`,
      `< ${TARGET_P99_COMPUTE_MS} ms`,
      meets(cpu.p99Ms < TARGET_P99_COMPUTE_MS),
    ),
    row('  max / mean', `${cpu.maxMs} / ${cpu.meanMs} ms`),
    row('memory: heap used / RSS (end of run)', `${mib(memory.heapUsed)} / ${mib(memory.rss)}`),
    ...(await import('./planner')).plannerReport(),
    ...coldStartRows(cold, row),
    ...callsReportRows(calls),
    ...cliStartRows(cli, row),
    ...referenceThroughputRows(before, row),
    ...sweepRows(sweep, row),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  const results = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    latencyMsPerCall: LATENCY_MS,
    targets: { sequentialCalls: TARGET_SEQUENTIAL_CALLS, p99ComputeMs: TARGET_P99_COMPUTE_MS },
    oneEvent: single,
    oneEventStateTable: singleTable,
    coldBatch: { memory: cold10, stateTable: cold10Table },
    throughput: {
      oneBatchAtATime: serial,
      tenBatchesInFlight: parallel,
      tenBatchesOneInstance: parallelShared,
    },
    throughputStateTable: {
      oneBatchAtATime: serialTable,
      tenBatchesInFlight: parallelTable,
      tenBatchesOneInstance: parallelTableShared,
    },
    compute: cpu,
    memory: { heapUsedBytes: memory.heapUsed, rssBytes: memory.rss },
    coldStart: cold,
    calls,
    cliStart: cli,
    throughputBeforeAfter: before,
    sweep,
    met: {
      sequentialCalls: single.sequentialCalls <= TARGET_SEQUENTIAL_CALLS,
      sequentialCallsStateTable: singleTable.sequentialCalls <= TARGET_SEQUENTIAL_CALLS,
      p99Compute: cpu.p99Ms < TARGET_P99_COMPUTE_MS,
      coldStartBundleBytes: cold.met.bundleBytes,
      coldStartHalfOfReference: cold.met.cold,
      throughputDoubled: 'met' in before ? before.met : null,
    },
  };
  const file = join(__dirname, 'results.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`figures written to ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
