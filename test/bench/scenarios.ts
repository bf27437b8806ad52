/** The benchmark's three measurements (issue 3, design.md section 9). */
import { performance } from 'node:perf_hooks';
import {
  type ActionOutcome,
  type Incident,
  isGroupChange,
  loadPolicies,
  type SecurityGroupState,
  snsMessage,
} from '@guardrail/core';
import { type BatchReport, createCorePorts, type HubRecord } from '@guardrail/engine';
import type { EventBridgeEvent } from '@guardrail/sandbox';
import { criticalSteps, percentile, round, sequentialChain } from './stats';
import { accountId, type BenchOptions, createBenchWorld, REGIONS, records } from './world';

export const LATENCY_MS = 25;

export interface OneEventResult {
  latencyMs: number;
  stateTable: boolean;
  sequentialCalls: number;
  criticalPath: string[];
  /** Each sequential step with every call that ran in it (DynamoDB's included). */
  criticalSteps: string[][];
  callsTotal: number;
  endToEndMs: { median: number; min: number; max: number; runs: number };
}

/** One event after a warm-up (AssumeRole and the organization lookup cached), 25 ms per call. */
export async function oneEvent(runs = 10, options: BenchOptions = {}): Promise<OneEventResult> {
  const world = createBenchWorld(1, options);
  const account = accountId(0);
  const region = REGIONS[0];
  try {
    const warm = world.seedGroup(account, region, 'warm-up');
    await world.hub.processBatch(records([await world.openSsh(account, region, warm)]));
    world.sb.setLatency(LATENCY_MS);
    const durations: number[] = [];
    let chain: ReturnType<typeof sequentialChain> = [];
    let steps: string[][] = [];
    let callsTotal = 0;
    for (let i = 0; i < runs; i++) {
      const groupId = world.seedGroup(account, region, `g-${i}`);
      const event = await world.openSsh(account, region, groupId);
      const batch = records([event]);
      const firstCall = world.sb.calls.length;
      const started = performance.now();
      const report = await world.hub.processBatch(batch);
      durations.push(performance.now() - started);
      expectRemediated(report, 1);
      const calls = world.sb.calls.slice(firstCall);
      if (i === 0) {
        chain = sequentialChain(calls);
        steps = criticalSteps(calls, chain);
        callsTotal = calls.length;
      }
      world.sb.takeEvents();
    }
    durations.sort((a, b) => a - b);
    return {
      latencyMs: LATENCY_MS,
      stateTable: options.stateTable === true,
      sequentialCalls: chain.length,
      criticalPath: chain.map((c) => `${c.service}:${c.operation}`),
      criticalSteps: steps,
      callsTotal,
      endToEndMs: {
        median: round(percentile(durations, 50)),
        min: round(durations[0] ?? Number.NaN),
        max: round(durations[durations.length - 1] ?? Number.NaN),
        runs,
      },
    };
  } finally {
    world.destroy();
  }
}

export interface ColdBatchResult {
  stateTable: boolean;
  events: number;
  /** Each sequential step with every call that ran in it. */
  criticalSteps: string[][];
  sequentialCalls: number;
  callsTotal: number;
}

/**
 * One batch of 10 events from 10 accounts, on a fresh hub instance (nothing cached: its own
 * Organizations read role, each account's membership and role): the sequential steps a quiet
 * organization's events meet on a cold Lambda.
 */
export async function coldBatch(options: BenchOptions = {}): Promise<ColdBatchResult> {
  const accounts = 10;
  const world = createBenchWorld(accounts, options);
  try {
    const events: EventBridgeEvent[] = [];
    for (let a = 0; a < accounts; a++) {
      const account = accountId(a);
      events.push(await world.openSsh(account, REGIONS[0], world.seedGroup(account, REGIONS[0], 'cold')));
    }
    world.sb.setLatency(LATENCY_MS);
    const first = world.sb.calls.length;
    const report = await world.hub.processBatch(records(events));
    expectRemediated(report, accounts);
    const calls = world.sb.calls.slice(first);
    const chain = sequentialChain(calls);
    return {
      stateTable: options.stateTable === true,
      events: accounts,
      criticalSteps: criticalSteps(calls, chain).map((step) => [...new Set(step)]),
      sequentialCalls: chain.length,
      callsTotal: calls.length,
    };
  } finally {
    world.destroy();
  }
}

export interface ThroughputResult {
  stateTable: boolean;
  events: number;
  accounts: number;
  regions: number;
  latencyMs: number;
  batchSize: number;
  inFlight: number;
  /**
   * `lambda`: one hub instance per batch in flight, each taking its next batch when done, as
   * Lambda's concurrent instances do (their own caches and limits; here they share one CPU).
   * `shared`: every batch in flight through one hub instance, the bench's model until 0.2.0,
   * where the hub's overall concurrency limit (16 groups at once) caps the figure.
   */
  model: 'lambda' | 'shared';
  elapsedMs: number;
  eventsPerSecond: number;
  alerts: number;
  failedRecords: number;
}

/** Events interleaved across accounts, as a busy organization's queue would hold them. */
async function makeEvents(
  world: ReturnType<typeof createBenchWorld>,
  accounts: number,
  perAccountRegion: number,
): Promise<EventBridgeEvent[]> {
  const events: EventBridgeEvent[] = [];
  for (let g = 0; g < perAccountRegion; g++)
    for (const region of REGIONS)
      for (let a = 0; a < accounts; a++) {
        const account = accountId(a);
        events.push(await world.openSsh(account, region, world.seedGroup(account, region, `g-${g}`)));
      }
  return events;
}

/**
 * Runs the records as SQS batches of `batchSize`, `inFlight` batches at once (Lambda concurrency);
 * `process` gets the worker's index, so each worker can be its own instance.
 */
export async function runBatches(
  process: (batch: HubRecord[], worker: number) => Promise<BatchReport>,
  all: HubRecord[],
  batchSize: number,
  inFlight: number,
): Promise<BatchReport[]> {
  const batches: HubRecord[][] = [];
  for (let i = 0; i < all.length; i += batchSize) batches.push(all.slice(i, i + batchSize));
  const reports: BatchReport[] = [];
  let next = 0;
  const worker = async (index: number) => {
    while (next < batches.length) {
      const batch = batches[next++] as HubRecord[];
      reports.push(await process(batch, index));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, (_, index) => worker(index)));
  return reports;
}

/**
 * 1,000 events across 100 accounts and 2 regions, 25 ms per call, caches cold (the first event of
 * each account assumes its role): SQS batches of 10, `inFlight` of them at once (Lambda concurrency).
 */
export async function throughput(
  inFlight: number,
  options: BenchOptions & { model?: ThroughputResult['model'] } = {},
  latencyMs = LATENCY_MS,
): Promise<ThroughputResult> {
  const accounts = 100;
  const model = options.model ?? 'lambda';
  const world = createBenchWorld(accounts, options);
  try {
    const events = await makeEvents(world, accounts, 5);
    const hubs =
      model === 'shared'
        ? [world.hub]
        : [world.hub, ...Array.from({ length: inFlight - 1 }, () => world.instance())];
    world.sb.setLatency(latencyMs);
    const all = records(events);
    const started = performance.now();
    const reports = await runBatches(
      (b, worker) => (hubs[worker % hubs.length] as typeof world.hub).processBatch(b),
      all,
      10,
      inFlight,
    );
    const elapsedMs = performance.now() - started;
    const alerts = reports.reduce((n, r) => n + r.alerts.length, 0);
    const failedRecords = reports.reduce((n, r) => n + r.batchItemFailures.length, 0);
    for (const report of reports) expectRemediated(report, report.groups.length);
    return {
      stateTable: options.stateTable === true,
      events: events.length,
      accounts,
      regions: REGIONS.length,
      latencyMs,
      batchSize: 10,
      inFlight,
      model,
      elapsedMs: round(elapsedMs, 0),
      eventsPerSecond: round((events.length / elapsedMs) * 1000, 1),
      alerts,
      failedRecords,
    };
  } finally {
    world.destroy();
  }
}

export interface ComputeResult {
  events: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/**
 * Hub compute per event, no AWS call: decode the SQS body, parse and validate the event, plan
 * the group against its policy, compose the alert and its SNS message. Timed one event at a time
 * with a high-resolution timer, after a warm-up, on a real event and group from the sandbox.
 */
export async function compute(iterations = 10_000): Promise<ComputeResult> {
  const world = createBenchWorld(1);
  const account = accountId(0);
  const region = REGIONS[0];
  let event: EventBridgeEvent;
  let group: SecurityGroupState;
  try {
    const groupId = world.seedGroup(account, region, 'compute');
    event = await world.openSsh(account, region, groupId);
    const read = await world.gateway(account, region).readGroup(groupId);
    if (read.status !== 'found') throw new Error(`cannot read the group: ${read.status}`);
    group = read.group;
  } finally {
    world.destroy();
  }
  const core = createCorePorts({
    policies: loadPolicies(),
    parse: { guardrailRoleNames: ['guardrail-remediation'] },
  });
  const body = JSON.stringify(event);
  const now = new Date();
  const one = () => {
    const parsed = core.parse(JSON.parse(body));
    if (parsed.status !== 'change' || !isGroupChange(parsed.change))
      throw new Error(`event not parsed as a group change: ${parsed.status}`);
    const plan = core.plan({ group, account, region, changes: [parsed.change], now });
    if (plan.actions.length === 0) throw new Error('nothing planned: the benchmark event must violate');
    const outcomes: ActionOutcome[] = plan.actions.map((action) => ({
      action,
      status: 'succeeded',
      completedAt: now.toISOString(),
    }));
    const incident: Incident = {
      kind: 'remediation',
      plan,
      outcomes,
      context: { account: { id: account, name: 'workload-0' }, region, group: { groupId: group.groupId } },
      completedAt: now.toISOString(),
    };
    const alert = core.compose(incident);
    if (!alert) throw new Error('no alert composed');
    return snsMessage(alert).length;
  };
  for (let i = 0; i < 1_000; i++) one();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = process.hrtime.bigint();
    one();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return {
    events: iterations,
    p50Ms: round(percentile(samples, 50), 3),
    p99Ms: round(percentile(samples, 99), 3),
    maxMs: round(samples[samples.length - 1] ?? Number.NaN, 3),
    meanMs: round(samples.reduce((a, b) => a + b, 0) / samples.length, 3),
  };
}

function expectRemediated(report: BatchReport, groups: number): void {
  const bad = report.groups.filter((g) => g.outcome !== 'remediated');
  if (bad.length > 0 || report.groups.length !== groups || report.batchItemFailures.length > 0) {
    throw new Error(
      `the hub did not remediate as expected: ${JSON.stringify(report.groups.map((g) => [g.groupId, g.outcome, g.reason]))}`,
    );
  }
}
