/**
 * The sweep at organization scale (issue 13): the planner over 1,000 accounts x 17 regions, then
 * sweep targets for 100 accounts x 4 regions x 20 opted-in groups (5% violating: SSH open to the
 * world, no event) through the real hub composition at 25 ms per AWS call, before (one message
 * per account x region, the sizing deployed before issue 13) and after (one message per account
 * naming its regions and its listing, the sizing infra derives from the organization); the
 * sequential steps of a cold and a warm target; and the extrapolation to 1,000 x 17 x 20 with its
 * assumptions written out.
 *
 * Run on its own with `pnpm tsx test/bench/sweep.ts` (`--json` for the figures); `pnpm bench`
 * prints it too. Not a test: it throws only when the hub does not end as the scenario expects.
 */
import { DEFAULT_TAG_KEYS, HUB_ENV, SWEEP_CALL_SECONDS, sweepSizing } from '@guardrail/core';
import {
  type BatchReport,
  composeSweepPlanner,
  type HubRecord,
  loadHubConfig,
  sweepTargetBody,
} from '@guardrail/engine';
import type { CallRecord } from '@guardrail/sandbox';
import { createHubOrganization, hubEnvironment } from '@guardrail/testkit';
import type { CallsByOperation } from './calls';
import { runBatches } from './scenarios';
import { criticalSteps, percentile, round, sequentialChain } from './stats';
import { accountId, createBenchWorld, HUB_ACCOUNT, SSH_WORLD } from './world';

export const SWEEP_LATENCY_MS = 25;
/** The per-call latency infra's sizing assumes (SWEEP_CALL_SECONDS): a second extrapolation at it. */
const SLOW_CALL_MS = SWEEP_CALL_SECONDS * 1000;
/**
 * Four regions (the bench world's two and two more): the sandbox serves any region, and a sweep
 * target carries its own, so the hub needs nothing more than the world gives it.
 */
export const SWEEP_BENCH_REGIONS = ['eu-west-1', 'us-east-1', 'eu-central-1', 'ap-southeast-2'] as const;
/** The 17 regions enabled by default in a commercial account: the extrapolation's and the planner's. */
export const ORG_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
] as const;
const ORG = { accounts: 1_000, regions: ORG_REGIONS.length, groupsPerTarget: 20 };
const BENCH = {
  accounts: 100,
  regions: SWEEP_BENCH_REGIONS.length,
  groupsPerTarget: 20,
  violatingPerTarget: 1,
};
const SWEEP_ID = 'bench-sweep';
const HTTPS_WORLD = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

export interface SweepSizing {
  name: string;
  /** `per-region`: one message per account x region (before); `per-account`: one per account naming its regions. */
  messages: 'per-region' | 'per-account';
  /** SQS records per invocation (the sweep queue's event source batchSize). */
  batchSize: number;
  /** Invocations at once (the event source's maxConcurrency): one hub instance each. */
  inFlight: number;
  /** The same sizing for the extrapolated organization (1,000 x 17). */
  atScale: { batchSize: number; inFlight: number };
  source: string;
}

/**
 * As deployed before issue 13: infra/src/hub/sizing.ts SWEEP_BATCH_SIZE = 1, and the sweep
 * event source's maxConcurrency from the deploy config, `sweep.maxConcurrency` (default 5,
 * infra/src/config/schema.ts). Written out, not imported: infra loads the CDK, and the figures
 * are the "before" of the issue.
 */
export const BEFORE_SIZING: SweepSizing = {
  name: 'before',
  messages: 'per-region',
  batchSize: 1,
  inFlight: 5,
  atScale: { batchSize: 1, inFlight: 5 },
  source:
    'one message per account x region, no listing; SWEEP_BATCH_SIZE 1 and sweep.maxConcurrency 5 as deployed before issue 13',
};
const benchSizing = sweepSizing({ accounts: BENCH.accounts, regions: BENCH.regions });
const orgSizing = sweepSizing({ accounts: ORG.accounts, regions: ORG.regions });
/** As infra derives it now (@guardrail/core sweepSizing), for the bench's organization and for 1,000 x 17. */
export const DERIVED_SIZING: SweepSizing = {
  name: 'after',
  messages: 'per-account',
  batchSize: benchSizing.batchSize,
  inFlight: benchSizing.maxConcurrency,
  atScale: { batchSize: orgSizing.batchSize, inFlight: orgSizing.maxConcurrency },
  source: `one message per account with its regions and listing; sweepSizing: ${BENCH.accounts} x ${BENCH.regions} -> batch ${benchSizing.batchSize}, concurrency ${benchSizing.maxConcurrency}; ${ORG.accounts} x ${ORG.regions} -> batch ${orgSizing.batchSize}, concurrency ${orgSizing.maxConcurrency}, timeout ${orgSizing.timeoutSeconds} s`,
};

export interface SweepPlannerRun {
  accounts: number;
  regions: number;
  targets: number;
  enqueued: number;
  /** Messages sent: one per account. */
  messages: number;
  wallMs: number;
  calls: CallsByOperation;
}

export interface SweepBatchSteps {
  /**
   * `cold`: a fresh instance's first target (nothing cached); `warm`: the account's credentials and
   * lookup cached; `new-accounts`: the instance warm (its clients, the Organizations role), the
   * batch's accounts never seen by it.
   */
  kind: 'cold' | 'warm' | 'new-accounts';
  targets: number;
  wallMs: number;
  sequentialCalls: number;
  /** Each sequential step with every call that ran in it. */
  steps: string[][];
  calls: CallsByOperation;
}

export interface SweepExtrapolation {
  accounts: number;
  regions: number;
  groupsPerTarget: number;
  targets: number;
  /** Scaled from the bench's run: every instance in one process, sharing its CPU. */
  benchScaledSeconds: number;
  /** Every batch as long as one batch of new accounts measured alone (its own CPU, as a Lambda instance has). */
  lambdaModelSeconds: number;
  /** The hub's and the SDK's CPU alone (sandbox excluded), spread over the instances. */
  cpuFloorSeconds: number;
  /** The Lambda model's rounds with every sequential step at the sizing's 250 ms per call (SDK retries included). */
  slowCallsSeconds: number;
  /** Requests per second at the Lambda model's time, by operation, at the calls per target measured. */
  requestsPerSecond: CallsByOperation;
  formulas: string[];
  assumptions: string[];
}

export interface SweepTargetsRun {
  sizing: SweepSizing;
  accounts: number;
  regions: number;
  groupsPerTarget: number;
  targets: number;
  groups: number;
  violations: number;
  remediated: number;
  batches: number;
  wallMs: number;
  batchMs: { p50: number; p99: number; max: number };
  targetsPerSecond: number;
  callsPerTarget: CallsByOperation;
  callsPerTargetTotal: number;
  /** Process CPU (user + system) per target, the SDK and the in-process sandbox included. */
  cpuMsPerTarget: number;
  /** Of which the sandbox serving the calls (`CallRecord.cpuMs`): a real endpoint's side. */
  sandboxCpuMsPerTarget: number;
  /** The hub with the SDK: the process's CPU less the sandbox's. */
  hubCpuMsPerTarget: number;
  /** Process CPU over wall time: near or above 1, the run was bound by the one process's CPU. */
  cpuPerWall: number;
  rssBeforeBytes: number;
  peakRssBytes: number;
  /** A batch of targets of accounts the instance has not seen, measured alone on a warm instance. */
  newAccountsBatch: SweepBatchSteps;
  /** The same at the extrapolated organization's sizing and regions (per account: 17 regions per message). */
  scaleBatch: SweepBatchSteps;
  extrapolation: SweepExtrapolation;
}

export interface SweepScenarioResult {
  latencyMs: number;
  node: string;
  planner: SweepPlannerRun;
  /** One message per account x region (before): a target on a fresh instance, then the account's next region. */
  coldTarget: SweepBatchSteps;
  warmTarget: SweepBatchSteps;
  /** One message per account (after): an account's message, its 4 regions, on a fresh instance. */
  coldAccount: SweepBatchSteps;
  runs: SweepTargetsRun[];
}

function byOperation(calls: readonly CallRecord[], divisor = 1): CallsByOperation {
  const counts = new Map<string, number>();
  for (const call of calls) {
    const key = `${call.service}:${call.operation}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return Object.fromEntries(
    [...counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, n]) => [key, round(n / divisor, 3)]),
  );
}

const total = (calls: CallsByOperation) =>
  round(
    Object.values(calls).reduce((a, b) => a + b, 0),
    3,
  );

/** The bench world with `accounts` x the regions x 20 opted-in groups, the first of each target's open to the world. */
function sweptWorld(accounts: number, regions: readonly string[] = SWEEP_BENCH_REGIONS) {
  const world = createBenchWorld(accounts);
  for (let a = 0; a < accounts; a++)
    for (const region of regions)
      for (let g = 0; g < BENCH.groupsPerTarget; g++)
        world.sb.ec2.seedSecurityGroup({
          account: accountId(a),
          region,
          groupName: `swept-${g}`,
          tags: { [DEFAULT_TAG_KEYS.policy]: 'no-public-admin-ports', team: 'bench' },
          ingress: g < BENCH.violatingPerTarget ? [HTTPS_WORLD, SSH_WORLD] : [HTTPS_WORLD],
        });
  return world;
}

/**
 * Sweep messages in the planner's order, as SQS records: one per account x region (before), or
 * one per account naming its regions and that the planner listed it ACTIVE just now (after).
 */
function targetRecords(
  accounts: number,
  messages: SweepSizing['messages'],
  regions: readonly string[] = SWEEP_BENCH_REGIONS,
): HubRecord[] {
  const out: HubRecord[] = [];
  const listed = { state: 'ACTIVE' as const, at: new Date().toISOString() };
  for (let a = 0; a < accounts; a++) {
    if (messages === 'per-account')
      out.push({
        id: `account-${a}`,
        body: sweepTargetBody(SWEEP_ID, accountId(a), regions, undefined, {
          ...listed,
          name: `workload-${a}`,
        }),
      });
    else
      for (const region of regions)
        out.push({ id: `target-${a}-${region}`, body: sweepTargetBody(SWEEP_ID, accountId(a), region) });
  }
  return out;
}

/** Account x region targets a batch of records carries. */
function targetsIn(records: readonly HubRecord[]): number {
  return records.reduce((n, r) => {
    const body = JSON.parse(String(r.body)) as { regions?: string[] };
    return n + (body.regions?.length ?? 1);
  }, 0);
}

function expectSwept(report: BatchReport, targets: number): void {
  const swept = report.sweepTargets ?? [];
  const bad = swept.filter((t) => t.outcome !== 'swept');
  const failed = report.groups.filter((g) => g.outcome !== 'remediated' && g.outcome !== 'compliant');
  if (swept.length !== targets || bad.length > 0 || failed.length > 0 || report.batchItemFailures.length > 0)
    throw new Error(
      `the sweep did not end as expected: ${JSON.stringify({ targets: swept.map((t) => [t.account, t.region, t.outcome, t.reason]), groups: failed.map((g) => [g.groupId, g.outcome, g.reason]) })}`,
    );
}

/** One batch through `hub` alone (nothing else running), its calls and their sequential steps. */
async function measureBatch(
  world: ReturnType<typeof createBenchWorld>,
  hub: ReturnType<typeof createBenchWorld>['hub'],
  batch: HubRecord[],
  kind: SweepBatchSteps['kind'],
): Promise<SweepBatchSteps> {
  const first = world.sb.calls.length;
  const started = performance.now();
  expectSwept(await hub.processBatch(batch), targetsIn(batch));
  const wallMs = performance.now() - started;
  const calls = world.sb.calls.slice(first);
  const chain = sequentialChain(calls);
  return {
    kind,
    targets: targetsIn(batch),
    wallMs: round(wallMs, 1),
    sequentialCalls: chain.length,
    steps: criticalSteps(calls, chain),
    calls: byOperation(calls),
  };
}

/**
 * Measured alone, one batch at a time on one fresh instance. One message per account x region:
 * its first target (nothing cached: `cold`), the next region of the same account (its
 * credentials and lookup cached: `warm`), then a batch of `batchSize` targets of accounts it has
 * not seen (`new-accounts`). One message per account: its first account's message (`cold`, all its
 * regions), then a batch of `batchSize` accounts it has not seen (`new-accounts`), in `regions`.
 */
async function probe(
  batchSize: number,
  messages: SweepSizing['messages'],
  regions: readonly string[] = SWEEP_BENCH_REGIONS,
): Promise<Partial<Record<SweepBatchSteps['kind'], SweepBatchSteps>>> {
  const perAccount = messages === 'per-account';
  const accounts = 1 + (perAccount ? batchSize : Math.ceil(batchSize / regions.length));
  const world = sweptWorld(accounts, regions);
  try {
    const all = targetRecords(accounts, messages, regions);
    world.sb.setLatency(SWEEP_LATENCY_MS);
    const cold = await measureBatch(world, world.hub, all.slice(0, 1), 'cold');
    if (perAccount)
      return {
        cold,
        'new-accounts': await measureBatch(world, world.hub, all.slice(1, 1 + batchSize), 'new-accounts'),
      };
    const warm = await measureBatch(world, world.hub, all.slice(1, 2), 'warm');
    const fresh = all.slice(regions.length, regions.length + batchSize);
    return { cold, warm, 'new-accounts': await measureBatch(world, world.hub, fresh, 'new-accounts') };
  } finally {
    world.destroy();
  }
}

/** 1,000 accounts (and the hub account) x 17 regions planned onto the sandbox's sweep queue. */
async function plannerRun(): Promise<SweepPlannerRun> {
  const org = createHubOrganization({
    seed: 5,
    hub: { id: HUB_ACCOUNT, name: 'security-tooling' },
    members: Array.from({ length: ORG.accounts }, (_, i) => ({ id: accountId(i), name: `workload-${i}` })),
    region: SWEEP_BENCH_REGIONS[0],
    sweepQueue: true,
  });
  const config = loadHubConfig(hubEnvironment(org, { [HUB_ENV.sweepRegions]: ORG_REGIONS.join(',') }));
  const planner = composeSweepPlanner(config, { aws: org.hubAws(3) });
  try {
    org.sb.setLatency(SWEEP_LATENCY_MS);
    const first = org.sb.calls.length;
    const started = performance.now();
    const plan = await planner.plan({ sweepId: SWEEP_ID });
    const wallMs = performance.now() - started;
    return {
      accounts: plan.accounts,
      regions: plan.regions.length,
      targets: plan.targets,
      enqueued: plan.enqueued,
      messages: plan.messages,
      wallMs: round(wallMs, 0),
      calls: byOperation(org.sb.calls.slice(first)),
    };
  } finally {
    planner.destroy();
  }
}

function extrapolate(run: Omit<SweepTargetsRun, 'extrapolation'>): SweepExtrapolation {
  const { sizing, scaleBatch: batch } = run;
  const { batchSize, inFlight } = sizing.atScale;
  const targets = ORG.accounts * ORG.regions;
  // One message per account x region, or one per account.
  const messages = sizing.messages === 'per-account' ? ORG.accounts : targets;
  const batches = Math.ceil(messages / batchSize);
  const rounds = Math.ceil(batches / inFlight);
  const benchScaledSeconds = (run.wallMs / 1000) * (targets / run.targets);
  const lambdaModelSeconds = (rounds * batch.wallMs) / 1000;
  const cpuFloorSeconds = (targets * run.hubCpuMsPerTarget) / inFlight / 1000;
  const slowCallsSeconds = (rounds * batch.sequentialCalls * SLOW_CALL_MS) / 1000;
  const requestsPerSecond = Object.fromEntries(
    Object.entries(run.callsPerTarget).map(([op, n]) => [op, round((n * targets) / lambdaModelSeconds, 1)]),
  );
  const n = (x: number) => x.toLocaleString('en-US');
  const unit = sizing.messages === 'per-account' ? 'accounts (messages)' : 'targets (messages)';
  return {
    ...ORG,
    targets,
    benchScaledSeconds: round(benchScaledSeconds, 1),
    lambdaModelSeconds: round(lambdaModelSeconds, 1),
    cpuFloorSeconds: round(cpuFloorSeconds, 1),
    slowCallsSeconds: round(slowCallsSeconds, 1),
    requestsPerSecond,
    formulas: [
      `Lambda model = ceil(M / B / C) x t = ceil(${n(messages)} / ${batchSize} / ${inFlight}) x ${batch.wallMs} ms, M = ${n(messages)} ${unit}, t = one batch of B new accounts' messages (${batch.targets} targets) alone on a warm instance`,
      `bench-scaled = run wall x T / targets run = ${round(run.wallMs / 1000, 2)} s x ${n(targets)} / ${run.targets} (at the bench's own sizing, ${sizing.batchSize} x ${sizing.inFlight})`,
      `CPU floor = T x hub+SDK CPU per target / C = ${n(targets)} x ${run.hubCpuMsPerTarget} ms / ${inFlight}`,
      `at ${SLOW_CALL_MS} ms per call = ceil(M / B / C) x sequential steps of t x ${SLOW_CALL_MS} ms = ${rounds} x ${batch.sequentialCalls} x ${SLOW_CALL_MS} ms (the latency infra's sizing assumes, SDK retries included)`,
    ],
    assumptions: [
      `${SWEEP_LATENCY_MS} ms per AWS call, every call, whatever the load; no throttling and no retries modelled: the rates this makes are the requests/s above, against the quotas docs/deploy.md cites (EC2's per member account and region, STS's and Organizations' in the hub account)`,
      `B = ${batchSize} messages per invocation, C = ${inFlight} invocations in flight (${sizing.name === 'after' ? 'sweepSizing for 1,000 x 17' : 'as deployed before'}), each taking its next batch at once: no SQS polling or delete, no Lambda invoke overhead or cold start`,
      `${ORG.groupsPerTarget} opted-in groups per target, 5% violating; t measured with ${batch.targets / batchSize} region(s) per message; every batch's accounts new to its instance`,
      'Lambda model: each instance has its own CPU (t was measured with nothing else running); bench-scaled: the instances share this one process (CPU/wall near or above 1 means the run was CPU-bound and that figure overstates a Lambda fleet)',
      'state in memory: no state table (its claims, the tally), no forwarding health check, no sweep results bucket, though the deployed sweep function has all of them, each adding calls per target',
    ],
  };
}

async function targetsRun(sizing: SweepSizing): Promise<SweepTargetsRun> {
  const newAccountsBatch = (await probe(sizing.batchSize, sizing.messages))[
    'new-accounts'
  ] as SweepBatchSteps;
  // Per account, a message at scale names all 17 regions: measured as such.
  const scaleBatch =
    sizing.messages === 'per-account'
      ? ((await probe(sizing.atScale.batchSize, 'per-account', ORG_REGIONS))[
          'new-accounts'
        ] as SweepBatchSteps)
      : newAccountsBatch;
  const world = sweptWorld(BENCH.accounts);
  try {
    const hubs = [world.hub, ...Array.from({ length: sizing.inFlight - 1 }, () => world.instance())];
    const all = targetRecords(BENCH.accounts, sizing.messages);
    world.sb.setLatency(SWEEP_LATENCY_MS);
    world.sb.measureServerCpu(true);
    const batchMs: number[] = [];
    const rssBeforeBytes = process.memoryUsage.rss();
    let peakRssBytes = rssBeforeBytes;
    const sampler = setInterval(() => {
      peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
    }, 5);
    const first = world.sb.calls.length;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const reports = await runBatches(
      async (batch, worker) => {
        const at = performance.now();
        const report = await (hubs[worker] as typeof world.hub).processBatch(batch);
        batchMs.push(performance.now() - at);
        return report;
      },
      all,
      sizing.batchSize,
      sizing.inFlight,
    );
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    clearInterval(sampler);
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
    world.sb.measureServerCpu(false);

    for (const report of reports) expectSwept(report, report.sweepTargets?.length ?? 0);
    const swept = reports.flatMap((r) => r.sweepTargets ?? []);
    const groups = swept.reduce((n, t) => n + t.groups, 0);
    const violations = swept.reduce((n, t) => n + t.violations, 0);
    const remediated = reports.reduce(
      (n, r) => n + r.groups.filter((g) => g.outcome === 'remediated').length,
      0,
    );
    const expected = BENCH.accounts * BENCH.regions;
    if (swept.length !== expected || remediated !== expected * BENCH.violatingPerTarget)
      throw new Error(
        `swept ${swept.length} targets (expected ${expected}), remediated ${remediated} groups`,
      );

    const served = world.sb.calls.slice(first);
    const cpuMs = (used.user + used.system) / 1000;
    const sandboxMs = served.reduce((n, call) => n + (call.cpuMs ?? 0), 0);
    const callsPerTarget = byOperation(served, swept.length);
    batchMs.sort((a, b) => a - b);
    const run = {
      sizing,
      accounts: BENCH.accounts,
      regions: BENCH.regions,
      groupsPerTarget: BENCH.groupsPerTarget,
      targets: swept.length,
      groups,
      violations,
      remediated,
      batches: reports.length,
      wallMs: round(wallMs, 0),
      batchMs: {
        p50: round(percentile(batchMs, 50), 1),
        p99: round(percentile(batchMs, 99), 1),
        max: round(batchMs[batchMs.length - 1] ?? Number.NaN, 1),
      },
      targetsPerSecond: round((swept.length / wallMs) * 1000, 1),
      callsPerTarget,
      callsPerTargetTotal: total(callsPerTarget),
      cpuMsPerTarget: round(cpuMs / swept.length, 3),
      sandboxCpuMsPerTarget: round(sandboxMs / swept.length, 3),
      hubCpuMsPerTarget: round((cpuMs - sandboxMs) / swept.length, 3),
      cpuPerWall: round(cpuMs / wallMs, 2),
      rssBeforeBytes,
      peakRssBytes,
      newAccountsBatch,
      scaleBatch,
    };
    return { ...run, extrapolation: extrapolate(run) };
  } finally {
    world.destroy();
  }
}

/** Every figure of the sweep bench, in one run (about half a minute on the bench machine). */
export async function sweepScenario(
  sizings: readonly SweepSizing[] = [BEFORE_SIZING, DERIVED_SIZING],
): Promise<SweepScenarioResult> {
  const planner = await plannerRun();
  const before = await probe(1, 'per-region');
  const after = await probe(1, 'per-account');
  const runs: SweepTargetsRun[] = [];
  for (const sizing of sizings) runs.push(await targetsRun(sizing));
  return {
    latencyMs: SWEEP_LATENCY_MS,
    node: process.version,
    planner,
    coldTarget: before.cold as SweepBatchSteps,
    warmTarget: before.warm as SweepBatchSteps,
    coldAccount: after.cold as SweepBatchSteps,
    runs,
  };
}

type Row = (label: string, value: string, target?: string, verdict?: string) => string;

const list = (calls: CallsByOperation) =>
  Object.entries(calls)
    .map(([key, n]) => `${key} ${n}`)
    .join(', ');
/** Steps as `[a | b x3] > [c]`: a step's identical parallel calls counted, not repeated. */
const path = (steps: string[][]) =>
  steps
    .map((step) => {
      const counts = new Map<string, number>();
      for (const call of step) counts.set(call, (counts.get(call) ?? 0) + 1);
      return `[${[...counts].map(([call, k]) => (k > 1 ? `${call} x${k}` : call)).join(' | ')}]`;
    })
    .join(' > ');
const mib = (bytes: number) => `${round(bytes / 1024 / 1024, 1)} MiB`;

/** `indent` spaces before the label: the row adds two, the steps go two further. */
function batchRows(indent: number, label: string, batch: SweepBatchSteps, row: Row): string[] {
  return [
    row(
      `${' '.repeat(indent)}${label}: ${batch.sequentialCalls} sequential, ${total(batch.calls)} calls`,
      `${batch.wallMs} ms`,
    ),
    `${' '.repeat(indent + 4)}${path(batch.steps)}`,
  ];
}

function runRows(run: SweepTargetsRun, row: Row): string[] {
  const { sizing: s, extrapolation: x, newAccountsBatch: batch } = run;
  const targets = (k: number) => `${k} target${k === 1 ? '' : 's'}`;
  return [
    `    ${s.name}: batches of ${s.batchSize}, ${s.inFlight} in flight, a hub instance each (${s.source})`,
    row(
      `    ${targets(run.targets)} (${run.accounts} x ${run.regions} x ${run.groupsPerTarget} groups): wall`,
      `${run.wallMs} ms`,
    ),
    row('    targets per second', `${run.targetsPerSecond}`),
    row(
      `    batch wall p50 / p99 / max (${run.batches} batches)`,
      `${run.batchMs.p50} / ${run.batchMs.p99} / ${run.batchMs.max} ms`,
    ),
    row(
      '    groups / violations found / groups remediated',
      `${run.groups} / ${run.violations} / ${run.remediated}`,
    ),
    `      calls per target: ${run.callsPerTargetTotal}: ${list(run.callsPerTarget)}`,
    row(
      '    CPU per target: process / sandbox / hub+SDK',
      `${run.cpuMsPerTarget} / ${run.sandboxCpuMsPerTarget} / ${run.hubCpuMsPerTarget} ms`,
    ),
    row('    process CPU / wall', `${run.cpuPerWall}`),
    row(
      '    RSS before / peak during the run (whole process)',
      `${mib(run.rssBeforeBytes)} / ${mib(run.peakRssBytes)}`,
    ),
    ...batchRows(4, `batch of new accounts alone (${targets(batch.targets)})`, batch, row),
    ...(run.scaleBatch === batch
      ? []
      : batchRows(
          4,
          `at 1,000 x 17 sizing: ${s.atScale.batchSize} new accounts x 17 regions alone (${targets(run.scaleBatch.targets)})`,
          run.scaleBatch,
          row,
        )),
    row(
      `    ${x.accounts} x ${x.regions} x ${x.groupsPerTarget} extrapolated (Lambda model)`,
      `${x.lambdaModelSeconds} s`,
      '< 120 s',
      x.lambdaModelSeconds < 120 ? 'ok' : 'MISSED',
    ),
    row(
      `    ${x.accounts} x ${x.regions} x ${x.groupsPerTarget} at ${SLOW_CALL_MS} ms per call (steps x latency)`,
      `${x.slowCallsSeconds} s`,
      '< 120 s',
      x.slowCallsSeconds < 120 ? 'ok' : 'MISSED',
    ),
    row('      bench-scaled / CPU floor', `${x.benchScaledSeconds} / ${x.cpuFloorSeconds} s`),
    ...x.formulas.map((f) => `        ${f}`),
    `        requests/s at the Lambda model's time: ${list(x.requestsPerSecond)}`,
    ...x.assumptions.map((a) => `        assumes: ${a}`),
  ];
}

/** The report as lines for the bench's table. */
export function sweepRows(result: SweepScenarioResult, row: Row): string[] {
  const p = result.planner;
  return [
    '',
    `sweep at organization scale (issue 13; ${result.latencyMs} ms per AWS call, state in memory, every instance in this one process)`,
    row(
      `  planner: ${p.accounts} accounts x ${p.regions} regions, ${p.enqueued}/${p.targets} enqueued in ${p.messages} messages`,
      `${p.wallMs} ms`,
    ),
    `      calls: ${list(p.calls)}`,
    ...batchRows(2, 'cold target alone (fresh instance)', result.coldTarget, row),
    ...batchRows(2, 'warm target alone (its account cached)', result.warmTarget, row),
    ...batchRows(
      2,
      `cold account message alone (${result.coldAccount.targets} regions, fresh instance)`,
      result.coldAccount,
      row,
    ),
    ...result.runs.flatMap((run) => runRows(run, row)),
  ];
}

if (require.main === module) {
  const row: Row = (label, value, t = '', verdict = '') =>
    `  ${label.padEnd(64)} ${value.padStart(20)}  ${t.padEnd(8)} ${verdict}`.trimEnd();
  sweepScenario()
    .then((result) => {
      process.stdout.write(`${sweepRows(result, row).join('\n')}\n`);
      if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(
        `sweep bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    });
}
