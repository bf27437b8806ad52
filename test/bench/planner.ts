/**
 * The planner alone on large groups (design.md section 9: hub compute p99 under 5 ms per event).
 * EC2 allows 60 rules per direction by default, raisable to 1,000 in all: groups of 4, 60 and 400
 * rules, every rule a violation or none, against both shipped policies. Pure CPU, no sandbox.
 * Run on its own with `pnpm tsx test/bench/planner.ts`; `pnpm bench` prints it too.
 */
import {
  composeAlert,
  type Incident,
  loadPolicies,
  type PolicyFile,
  planGroup,
  type Rule,
  type RuleChange,
  type SecurityGroupState,
  snsMessage,
} from '@guardrail/core';
import { tcp as kitTcp, ruleChange } from '@guardrail/testkit';
import { percentile, round } from './stats';

const GROUP_ID = 'sg-0123456789abcdef0';
const ACCOUNT = '111122223333';
export const PLANNER_SIZES = [4, 60, 400] as const;
const ADMIN_PORTS = [22, 3389, 5432, 3306, 6379, 23];

export interface PlannerCase {
  policy: string;
  rules: number;
  kind: 'all-violation' | 'all-compliant';
  violations: number;
  actions: number;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /**
   * CPU time per plan, averaged over the samples: unlike wall time it does not count the time
   * the process waited for a CPU (on a busy machine that wait, not the planner, sets the p99).
   */
  cpuMeanMs: number;
}

/** A rule with a distinct id, as EC2 gives every rule. */
const tcp = (port: number, cidr: string, id: number): Rule =>
  kitTcp(port, cidr, { ruleId: `sgr-${id.toString(16).padStart(17, '0')}` });

/** A distinct address per rule: public (198.18.0.0/15, not a private range) or private (10/8). */
const publicHost = (i: number) => `198.18.${i >> 8}.${i & 255}/32`;
const privateHost = (i: number) => `10.0.${i >> 8}.${i & 255}/32`;

/**
 * Every rule a violation. no-public-admin-ports: admin ports open to the internet (each rule
 * checked against the deny list until one matches). web-public: anything else from the
 * internet, with the two required rules present so that only these rules are violations.
 */
function violatingRules(policy: string, size: number): Rule[] {
  if (policy === 'web-public') {
    const rules = [tcp(80, '0.0.0.0/0', 0), tcp(443, '0.0.0.0/0', 1)];
    for (let i = 2; i < size; i++) rules.push(tcp(1024 + i, publicHost(i), i));
    return rules;
  }
  return Array.from({ length: size }, (_, i) => tcp(ADMIN_PORTS[i % ADMIN_PORTS.length]!, publicHost(i), i));
}

/** No violation. no-public-admin-ports: web ports from the internet (every deny checked, none matching). */
function compliantRules(policy: string, size: number): Rule[] {
  if (policy === 'web-public') {
    const rules = [tcp(80, '0.0.0.0/0', 0), tcp(443, '0.0.0.0/0', 1)];
    for (let i = 2; i < size; i++) rules.push(tcp(8080, privateHost(i), i));
    return rules;
  }
  return Array.from({ length: size }, (_, i) => tcp(i % 2 === 0 ? 443 : 80, publicHost(i), i));
}

/** One authorize call that added `rules` (the worst case for telling change from drift: every rule is one). */
function authorizeOf(rules: Rule[]): RuleChange {
  return ruleChange({
    eventId: 'bench-event',
    account: ACCOUNT,
    groupIds: [GROUP_ID],
    rulesAdded: rules,
  });
}

function measure(
  policies: PolicyFile,
  policy: string,
  size: number,
  kind: PlannerCase['kind'],
  samples: number,
): PlannerCase {
  const rules = kind === 'all-violation' ? violatingRules(policy, size) : compliantRules(policy, size);
  const group: SecurityGroupState = {
    groupId: GROUP_ID,
    ownerId: ACCOUNT,
    region: 'eu-west-1',
    tags: { 'guardrail:policy': policy },
    rules,
  };
  // A violating group is planned for the event that opened it; a compliant one as in a sweep.
  const changes =
    kind === 'all-violation'
      ? [authorizeOf(rules.filter((r) => r.fromPort !== 80 && r.fromPort !== 443))]
      : [];
  const now = new Date('2026-06-01T00:00:01Z');
  const plan = () => planGroup({ group, policies, changes, now });
  const first = plan();
  const expected = kind === 'all-violation' ? size - (policy === 'web-public' ? 2 : 0) : 0;
  if (first.violations.length !== expected) {
    throw new Error(`${policy} ${size} ${kind}: ${first.violations.length} violations, expected ${expected}`);
  }
  for (let i = 0; i < Math.min(samples, 200); i++) plan();
  const durations: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < samples; i++) {
    const started = process.hrtime.bigint();
    plan();
    durations.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const cpu = process.cpuUsage(cpuBefore);
  durations.sort((a, b) => a - b);
  return {
    policy,
    rules: size,
    kind,
    violations: first.violations.length,
    actions: first.actions.length,
    samples,
    p50Ms: round(percentile(durations, 50), 3),
    p99Ms: round(percentile(durations, 99), 3),
    maxMs: round(durations[durations.length - 1] as number, 3),
    cpuMeanMs: round((cpu.user + cpu.system) / 1000 / samples, 3),
  };
}

/** Every case: fewer samples for the largest groups, so the whole run takes a few seconds. */
export function planner(): PlannerCase[] {
  const policies = loadPolicies();
  const cases: PlannerCase[] = [];
  for (const policy of ['no-public-admin-ports', 'web-public']) {
    for (const size of PLANNER_SIZES) {
      for (const kind of ['all-violation', 'all-compliant'] as const) {
        cases.push(measure(policies, policy, size, kind, size >= 400 ? 1_000 : 3_000));
      }
    }
  }
  return cases;
}

export interface ComposeCase {
  violations: number;
  messageBytes: number;
  samples: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Alert composition (composeAlert + snsMessage) for the no-public-admin-ports groups: every rule
 * a violation brought by one change, every revoke succeeded. At 400 the message is over SNS's
 * 256 KiB and gets cut.
 */
export function composition(): ComposeCase[] {
  const policies = loadPolicies();
  return PLANNER_SIZES.map((size) => {
    const rules = violatingRules('no-public-admin-ports', size);
    const group: SecurityGroupState = {
      groupId: GROUP_ID,
      ownerId: ACCOUNT,
      region: 'eu-west-1',
      tags: { 'guardrail:policy': 'no-public-admin-ports' },
      rules,
    };
    const plan = planGroup({
      group,
      policies,
      changes: [authorizeOf(rules)],
      now: new Date('2026-06-01T00:00:01Z'),
    });
    const completedAt = '2026-06-01T00:00:02Z';
    const incident: Incident = {
      kind: 'remediation',
      plan,
      outcomes: plan.actions.map((action) => ({ action, status: 'succeeded', completedAt })),
      context: { account: { id: ACCOUNT, name: 'prod' }, region: 'eu-west-1', group: { groupId: GROUP_ID } },
      completedAt,
    };
    const compose = () => {
      const alert = composeAlert(incident);
      if (!alert) throw new Error(`no alert for ${size} violations`);
      return snsMessage(alert);
    };
    const samples = size >= 400 ? 500 : 2_000;
    const messageBytes = Buffer.byteLength(compose());
    for (let i = 0; i < Math.min(samples, 200); i++) compose();
    const durations: number[] = [];
    for (let i = 0; i < samples; i++) {
      const started = process.hrtime.bigint();
      compose();
      durations.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    durations.sort((a, b) => a - b);
    return {
      violations: plan.violations.length,
      messageBytes,
      samples,
      p50Ms: round(percentile(durations, 50), 3),
      p99Ms: round(percentile(durations, 99), 3),
    };
  });
}

function compositionReport(cases: ComposeCase[]): string[] {
  const lines = [
    '',
    'alert composition (composeAlert + snsMessage, no-public-admin-ports; wall ms per alert)',
  ];
  lines.push(
    `  ${'findings'.padStart(8)} ${'message bytes'.padStart(13)} ${'p50'.padStart(8)} ${'p99'.padStart(8)}`,
  );
  for (const c of cases) {
    lines.push(
      `  ${String(c.violations).padStart(8)} ${String(c.messageBytes).padStart(13)} ${c.p50Ms.toFixed(3).padStart(8)} ${c.p99Ms.toFixed(3).padStart(8)}`,
    );
  }
  return lines;
}

/** The tables `pnpm bench` prints: the planner, then alert composition. */
export function plannerReport(
  cases: PlannerCase[] = planner(),
  composed: ComposeCase[] = composition(),
): string[] {
  const lines = ['', 'planner alone (planGroup, one group at a time; wall ms per plan, and CPU ms)'];
  lines.push(
    `  ${'policy'.padEnd(22)} ${'rules'.padStart(5)}  ${'case'.padEnd(14)} ${'findings'.padStart(8)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)} ${'cpu mean'.padStart(9)}`,
  );
  for (const c of cases) {
    lines.push(
      `  ${c.policy.padEnd(22)} ${String(c.rules).padStart(5)}  ${c.kind.padEnd(14)} ${String(c.violations).padStart(8)} ${c.p50Ms.toFixed(3).padStart(8)} ${c.p99Ms.toFixed(3).padStart(8)} ${c.maxMs.toFixed(3).padStart(8)} ${c.cpuMeanMs.toFixed(3).padStart(9)}`,
    );
  }
  return [...lines, ...compositionReport(composed)];
}

if (require.main === module) {
  process.stdout.write(`${plannerReport().join('\n')}\n`);
}
