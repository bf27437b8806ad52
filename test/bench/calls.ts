/**
 * AWS calls and CPU per event (issue 11, item 2): what the hub asks of AWS for each event, by
 * service and operation (from the sandbox's call log), what one event costs in CPU with the SDK's
 * own work included (`process.cpuUsage` around the batches), the 10-batches-in-flight throughput
 * at 25 ms per call, and what one sweep target costs in calls for many groups.
 *
 * The CPU figure is the whole process's: the hub, the SDK (serializing, signing, its middleware)
 * and the sandbox answering in-process (which skips the SDK's HTTP and XML parsing, and adds
 * its own emulation and CloudTrail events). It is a figure to compare run against run, not an
 * absolute Lambda cost.
 */
import { EC2Client, ModifySecurityGroupRulesCommand } from '@aws-sdk/client-ec2';
import { type BatchReport, sweepTargetBody } from '@guardrail/engine';
import type { CallRecord, EventBridgeEvent } from '@guardrail/sandbox';
import { runBatches } from './scenarios';
import { round } from './stats';
import { accountId, type BenchOptions, createBenchWorld, REGIONS, records } from './world';

export const CALLS_LATENCY_MS = 25;

/** Calls by `service:Operation`, each divided by the events it served. */
export type CallsByOperation = Record<string, number>;

export interface EventPathCalls {
  /** The event, as its CloudTrail name. */
  event: string;
  /** Calls for one event, warm (credentials and the account lookup cached), by operation. */
  calls: CallsByOperation;
  total: number;
}

export interface ThroughputCalls {
  events: number;
  accounts: number;
  regions: number;
  inFlight: number;
  latencyMs: number;
  eventsPerSecond: number;
  elapsedMs: number;
  /** Calls per event over the whole run (cold caches included: one AssumeRole per account), by operation. */
  callsPerEvent: CallsByOperation;
  callsPerEventTotal: number;
  /** Process CPU (user + system) per event over the run, the SDK and the in-process sandbox included. */
  cpuMsPerEvent: number;
  /** Of which the sandbox serving the calls (its own accounting, `CallRecord.cpuMs`): a real endpoint's side. */
  sandboxCpuMsPerEvent: number;
  /** The hub with the SDK: the process's CPU less the sandbox's. */
  hubCpuMsPerEvent: number;
}

export interface SweepCalls {
  /** Opted-in groups in the swept account x region (each with a few rules), and untagged ones beside them. */
  groups: number;
  untagged: number;
  /** Calls for the whole target (listing, reconciles, one revoke per violating group), by operation. */
  calls: CallsByOperation;
  total: number;
  /** Of those, the EC2 describe calls: what the account's shared EC2 request budget pays. */
  describeCalls: number;
}

export interface CallsReport {
  latencyMs: number;
  node: string;
  authorize: EventPathCalls;
  modify: EventPathCalls;
  throughput: ThroughputCalls;
  throughputStateTable: ThroughputCalls;
  sweep: SweepCalls;
}

function byOperation(calls: readonly CallRecord[], divisor = 1): CallsByOperation {
  const counts: Record<string, number> = {};
  for (const call of calls) {
    const key = `${call.service}:${call.operation}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return Object.fromEntries(
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, n]) => [key, round(n / divisor, 3)]),
  );
}

const sum = (calls: CallsByOperation) =>
  round(
    Object.values(calls).reduce((a, b) => a + b, 0),
    3,
  );

function expectOutcome(report: BatchReport, outcome: string, groups: number): void {
  const bad = report.groups.filter((g) => g.outcome !== outcome);
  if (bad.length > 0 || report.groups.length !== groups || report.batchItemFailures.length > 0)
    throw new Error(
      `the hub did not end as expected (${outcome}): ${JSON.stringify(report.groups.map((g) => [g.groupId, g.outcome, g.reason]))}`,
    );
}

/** One warm event of each kind: an authorize (SSH opened), then a ModifySecurityGroupRules. */
async function eventPath(): Promise<{ authorize: EventPathCalls; modify: EventPathCalls }> {
  const world = createBenchWorld(1);
  const account = accountId(0);
  const region = REGIONS[0];
  try {
    const warm = world.seedGroup(account, region, 'warm-up');
    await world.hub.processBatch(records([await world.openSsh(account, region, warm)]));

    const groupId = world.seedGroup(account, region, 'authorize');
    const opened = await world.openSsh(account, region, groupId);
    let first = world.sb.calls.length;
    expectOutcome(await world.hub.processBatch(records([opened])), 'remediated', 1);
    const authorizeCalls = byOperation(world.sb.calls.slice(first));

    // The 8080-from-10/8 rule is modified into RDP from the world: the event names it by its id.
    const modified = world.seedGroup(account, region, 'modify');
    const rule = world.sb.ec2
      .getGroup(account, region, modified)
      ?.rules.find((r) => !r.IsEgress && r.FromPort === 8080);
    if (!rule?.SecurityGroupRuleId) throw new Error('no 8080 rule to modify');
    const event = await modifyToRdp(world, account, region, modified, rule.SecurityGroupRuleId);
    first = world.sb.calls.length;
    expectOutcome(await world.hub.processBatch(records([event])), 'remediated', 1);
    const modifyCalls = byOperation(world.sb.calls.slice(first));
    return {
      authorize: {
        event: 'AuthorizeSecurityGroupIngress',
        calls: authorizeCalls,
        total: sum(authorizeCalls),
      },
      modify: { event: 'ModifySecurityGroupRules', calls: modifyCalls, total: sum(modifyCalls) },
    };
  } finally {
    world.destroy();
  }
}

/** The account's person (the bench world's `deployer`) modifies a rule into RDP from the world; returns the event. */
async function modifyToRdp(
  world: ReturnType<typeof createBenchWorld>,
  account: string,
  region: string,
  groupId: string,
  ruleId: string,
): Promise<EventBridgeEvent> {
  const principalArn = `arn:aws:iam::${account}:user/deployer`;
  const ec2 = world.sb.attach(new EC2Client(world.sb.clientConfig({ principalArn, region })));
  try {
    await ec2.send(
      new ModifySecurityGroupRulesCommand({
        GroupId: groupId,
        SecurityGroupRules: [
          {
            SecurityGroupRuleId: ruleId,
            SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, CidrIpv4: '0.0.0.0/0' },
          },
        ],
      }),
    );
  } finally {
    ec2.destroy();
  }
  const event = world.sb.takeEvents().find((e) => e.detail.eventName === 'ModifySecurityGroupRules');
  if (!event) throw new Error('the sandbox emitted no ModifySecurityGroupRules event');
  return event;
}

/**
 * 1,000 SSH-opened events across 100 accounts x 2 regions (interleaved as a busy queue holds
 * them), SQS batches of 10, `inFlight` at once, `latencyMs` per call, caches cold.
 */
export async function throughputCalls(
  inFlight: number,
  options: BenchOptions,
  latencyMs: number,
): Promise<ThroughputCalls> {
  const accounts = 100;
  const perAccountRegion = 5;
  const world = createBenchWorld(accounts, options);
  try {
    const events: EventBridgeEvent[] = [];
    for (let g = 0; g < perAccountRegion; g++)
      for (const region of REGIONS)
        for (let a = 0; a < accounts; a++) {
          const account = accountId(a);
          events.push(await world.openSsh(account, region, world.seedGroup(account, region, `g-${g}`)));
        }
    world.sb.setLatency(latencyMs);
    world.sb.measureServerCpu(true);
    const all = records(events);
    const first = world.sb.calls.length;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const reports = await runBatches((b) => world.hub.processBatch(b), all, 10, inFlight);
    const elapsedMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    for (const report of reports) expectOutcome(report, 'remediated', report.groups.length);
    const served = world.sb.calls.slice(first);
    const perEvent = byOperation(served, events.length);
    const cpuMs = (used.user + used.system) / 1000;
    const sandboxMs = served.reduce((n, call) => n + (call.cpuMs ?? 0), 0);
    return {
      events: events.length,
      accounts,
      regions: REGIONS.length,
      inFlight,
      latencyMs,
      eventsPerSecond: round((events.length / elapsedMs) * 1000, 1),
      elapsedMs: round(elapsedMs, 0),
      callsPerEvent: perEvent,
      callsPerEventTotal: sum(perEvent),
      cpuMsPerEvent: round(cpuMs / events.length, 3),
      sandboxCpuMsPerEvent: round(sandboxMs / events.length, 3),
      hubCpuMsPerEvent: round((cpuMs - sandboxMs) / events.length, 3),
    };
  } finally {
    world.destroy();
  }
}

/** One sweep target: `groups` opted-in groups (one in ten with SSH open to the world), beside untagged ones. */
async function sweepCalls(groups = 450, untagged = 50): Promise<SweepCalls> {
  const world = createBenchWorld(1);
  const account = accountId(0);
  const region = REGIONS[0];
  try {
    for (let i = 0; i < groups; i++) {
      const groupId = world.seedGroup(account, region, `swept-${i}`);
      if (i % 10 === 0) await world.openSsh(account, region, groupId);
    }
    for (let i = 0; i < untagged; i++)
      world.sb.ec2.seedSecurityGroup({
        account,
        region,
        groupName: `untagged-${i}`,
        tags: { team: 'bench' },
      });
    world.sb.takeEvents();
    const first = world.sb.calls.length;
    const report = await world.hub.processBatch([
      { id: 'sweep-1', body: sweepTargetBody('bench-sweep', account, region) },
    ]);
    if (report.batchItemFailures.length > 0) throw new Error('the sweep target failed');
    const calls = byOperation(world.sb.calls.slice(first));
    const describeCalls = Object.entries(calls)
      .filter(([key]) => key.startsWith('ec2:Describe'))
      .reduce((n, [, v]) => n + v, 0);
    return { groups, untagged, calls, total: sum(calls), describeCalls };
  } finally {
    world.destroy();
  }
}

/**
 * Every figure of this module, in one run. `pnpm bench` prints them with `callsReportRows`.
 * Not a test: it throws only when the hub does not end as the scenario expects.
 */
export async function callsReport(latencyMs = CALLS_LATENCY_MS): Promise<CallsReport> {
  const { authorize, modify } = await eventPath();
  const throughput = await throughputCalls(10, {}, latencyMs);
  const throughputStateTable = await throughputCalls(10, { stateTable: true }, latencyMs);
  const sweep = await sweepCalls();
  return {
    latencyMs,
    node: process.version,
    authorize,
    modify,
    throughput,
    throughputStateTable,
    sweep,
  };
}

const list = (calls: CallsByOperation) =>
  Object.entries(calls)
    .map(([key, n]) => `${key} ${n}`)
    .join(', ');

/** The report as lines for the bench's table. */
export function callsReportRows(report: CallsReport): string[] {
  const t = report.throughput;
  const ts = report.throughputStateTable;
  return [
    `  AWS calls per event (sandbox call log, by service:operation)`,
    `    ${report.authorize.event}, warm: ${report.authorize.total} calls: ${list(report.authorize.calls)}`,
    `    ${report.modify.event}, warm: ${report.modify.total} calls: ${list(report.modify.calls)}`,
    `    1,000 events, caches cold, state in memory: ${t.callsPerEventTotal} calls: ${list(t.callsPerEvent)}`,
    `    1,000 events, caches cold, state table on: ${ts.callsPerEventTotal} calls: ${list(ts.callsPerEvent)}`,
    `  CPU per event (process.cpuUsage, 10 batches in flight): ${t.cpuMsPerEvent} ms, of which the sandbox ${t.sandboxCpuMsPerEvent} ms: hub and SDK ${t.hubCpuMsPerEvent} ms (state table on: ${ts.cpuMsPerEvent} ms, hub and SDK ${ts.hubCpuMsPerEvent} ms)`,
    `  10 batches in flight, ${report.latencyMs} ms per call: ${t.eventsPerSecond} events/s (state table on: ${ts.eventsPerSecond} events/s)`,
    `  sweep of one account x region, ${report.sweep.groups} opted-in + ${report.sweep.untagged} untagged groups: ${report.sweep.total} calls (${report.sweep.describeCalls} EC2 describes): ${list(report.sweep.calls)}`,
  ];
}

if (require.main === module) {
  callsReport()
    .then((report) => {
      process.stdout.write(`${callsReportRows(report).join('\n')}\n`);
      if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(
        `calls bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    });
}
