/**
 * Tiny in-memory stand-ins for the engine's ports. The planner is a toy policy (no SSH from
 * 0.0.0.0/0; `needs-https` requires tcp 443 from 0.0.0.0/0) so these tests exercise the
 * orchestration, not the real policy engine (apps/hub's end-to-end tests use the real one).
 */
import type {
  Action,
  Actor,
  AlertDocument,
  ComposedAlert,
  Direction,
  Incident,
  IpPermission,
  Plan,
  Rule,
  SecurityGroupChange,
  SecurityGroupState,
  Violation,
} from '@guardrail/core';
import { isRuleChange, ruleKey, rulesFromIpPermission } from '@guardrail/core';
import { changeBuilder, tcp } from '@guardrail/testkit';
import type {
  AccountLookup,
  AlertComposer,
  DeadLetter,
  EngineLogger,
  EventParser,
  GroupPlanner,
  MetricPoint,
  MutationResult,
  ReadGroupResult,
  SecurityGroupPort,
} from '../../src';

export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-1';

export function rule(port: number, cidr: string, ruleId?: string, direction: Direction = 'ingress'): Rule {
  return tcp(port, cidr, { direction, ...(ruleId ? { ruleId } : {}) });
}

export function permissionOf(r: Rule): IpPermission {
  const cidr = r.peer.kind === 'ipv4' ? r.peer.cidr : '';
  return { IpProtocol: r.protocol, FromPort: r.fromPort, ToPort: r.toPort, IpRanges: [{ CidrIp: cidr }] };
}

const actor: Actor = { arn: 'arn:aws:iam::111111111111:user/alice', type: 'IAMUser', viaConsole: false };

let nextEvent = 0;
/** A change to sg-1 in ACCOUNT, with a fresh event id on every call. */
export const change = changeBuilder(() => {
  nextEvent++;
  return {
    eventId: `event-${nextEvent}`,
    eventTime: '2026-01-01T00:00:00.000Z',
    account: ACCOUNT,
    groupIds: ['sg-1'],
    actor,
  };
});

/** A record body the fake parser understands: `{ change }`, or `{ invalid: reason }`, or `{ ignored: reason }`. */
export function body(c: SecurityGroupChange): string {
  return JSON.stringify({ change: c });
}

export const fakeParse: EventParser = (event) => {
  const e = event as { change?: SecurityGroupChange; invalid?: string; ignored?: string; explode?: boolean };
  if (e.explode) throw new Error('boom');
  if (e.invalid) return { status: 'invalid', reason: e.invalid };
  if (e.ignored) return { status: 'ignored', reason: e.ignored };
  if (!e.change) return { status: 'invalid', reason: 'no change' };
  return { status: 'change', change: e.change };
};

const HTTPS = rule(443, '0.0.0.0/0');

export const fakePlan: GroupPlanner = ({ group, account, region, changes, now }) => {
  const base: Plan = {
    groupId: group.groupId,
    account,
    region,
    managed: false,
    violations: [],
    actions: [],
    changes,
    evaluatedAt: now.toISOString(),
  };
  const policy = group.tags['guardrail:policy'];
  if (!policy) return { ...base, unmanagedReason: 'not-opted-in' };
  if (policy === 'unknown') return { ...base, misconfiguration: 'unknown policy "unknown"' };
  const mode = group.tags['guardrail:mode'] === 'audit' ? 'audit' : 'enforce';
  const violations: Violation[] = [];
  const actions: Action[] = [];
  const addedIds = new Set(
    changes.flatMap((c) => (isRuleChange(c) ? c.rulesAdded.map((r) => r.ruleId) : [])),
  );
  for (const r of group.rules) {
    if (
      r.protocol === 'tcp' &&
      r.fromPort <= 22 &&
      r.toPort >= 22 &&
      r.peer.kind === 'ipv4' &&
      r.peer.cidr === '0.0.0.0/0'
    ) {
      const cause = addedIds.has(r.ruleId) ? 'change' : 'drift';
      violations.push({
        code: 'denied',
        direction: r.direction,
        rule: r,
        reason: 'ssh from the world',
        cause,
        internet: true,
        adminPort: true,
      });
      actions.push({
        type: 'revoke',
        direction: r.direction,
        ruleId: r.ruleId,
        permission: permissionOf(r),
        rule: r,
        cause,
      });
    }
  }
  if (
    policy === 'needs-https' &&
    !group.rules.some((r) => r.fromPort === 443 && r.peer.kind === 'ipv4' && r.peer.cidr === '0.0.0.0/0')
  ) {
    violations.push({
      code: 'missing-required',
      direction: 'ingress',
      rule: HTTPS,
      reason: 'missing https',
      cause: 'change',
      internet: true,
      adminPort: false,
    });
    actions.push({
      type: 'authorize',
      direction: 'ingress',
      permission: permissionOf(HTTPS),
      rules: [HTTPS],
      cause: 'change',
    });
  }
  return { ...base, managed: true, policy, mode, violations, actions: mode === 'audit' ? [] : actions };
};

export const fakeCompose: AlertComposer = (incident: Incident): ComposedAlert | undefined => {
  if (incident.kind === 'remediation' && incident.plan.violations.length === 0) return undefined;
  const where =
    incident.kind === 'tamper'
      ? incident.change.account
      : incident.kind === 'account-error' || incident.kind === 'forwarding' || incident.kind === 'sweep'
        ? incident.account.id
        : incident.context.group.groupId;
  return {
    subject: `${incident.kind} ${where}`,
    text: `${incident.kind} in ${where}`,
    // The orchestration never reads the document: a stub stands in for core's.
    document: { schemaVersion: 1, kind: incident.kind } as unknown as AlertDocument,
    severity: 'high',
    attributes: { kind: incident.kind },
  };
};

type Mutation = {
  op: 'revoke' | 'authorize' | 'update-description';
  groupId: string;
  direction: Direction;
  count: number;
};

/** A scripted answer to the next mutation call: one result for every item, or one per item. */
type Scripted = MutationResult | MutationResult[];

/** Security groups of one region of one account, plus scripted results for the next calls. */
export class FakeEc2 implements SecurityGroupPort {
  readonly groups = new Map<string, SecurityGroupState>();
  readonly reads: string[] = [];
  readonly mutations: Mutation[] = [];
  /** The tags written, call by call (a sticky opt-in put back). */
  readonly tagged: { groupId: string; tags: Record<string, string> }[] = [];
  /** Results returned (and consumed) before the real behaviour, per operation. */
  readonly scripted: {
    read: ReadGroupResult[];
    revoke: Scripted[];
    authorize: Scripted[];
    updateDescriptions: Scripted[];
    tag: MutationResult[];
  } = {
    read: [],
    revoke: [],
    authorize: [],
    updateDescriptions: [],
    tag: [],
  };
  private nextRule = 100;

  seed(groupId: string, tags: Record<string, string>, rules: Rule[]): void {
    this.groups.set(groupId, {
      groupId,
      groupName: `name-${groupId}`,
      vpcId: 'vpc-1',
      tags,
      rules: [...rules],
    });
  }

  /** Someone outside adds a rule (returns it with its new id). */
  add(groupId: string, r: Rule): Rule {
    const withId = { ...r, ruleId: `sgr-${this.nextRule++}` };
    this.groups.get(groupId)?.rules.push(withId);
    return withId;
  }

  /** Someone outside removes a rule. */
  remove(groupId: string, ruleId: string): void {
    const group = this.groups.get(groupId);
    if (group) group.rules = group.rules.filter((r) => r.ruleId !== ruleId);
  }

  async readGroup(groupId: string): Promise<ReadGroupResult> {
    this.reads.push(groupId);
    const scripted = this.scripted.read.shift();
    if (scripted) return scripted;
    const group = this.groups.get(groupId);
    return group ? { status: 'found', group: structuredClone(group) } : { status: 'not-found' };
  }

  async revoke(
    groupId: string,
    direction: Direction,
    items: { ruleId?: string; permission: IpPermission }[],
  ): Promise<MutationResult[]> {
    this.mutations.push({ op: 'revoke', groupId, direction, count: items.length });
    const scripted = this.scripted.revoke.shift();
    if (scripted) return answers(scripted, items.length);
    const group = this.groups.get(groupId);
    if (!group) return items.map(() => ({ status: 'group-not-found' }));
    return items.map((item): MutationResult => {
      if (!group.rules.some((r) => r.ruleId === item.ruleId))
        return { status: 'already-applied', code: 'InvalidSecurityGroupRuleId.NotFound' };
      group.rules = group.rules.filter((r) => r.ruleId !== item.ruleId);
      return { status: 'applied' };
    });
  }

  async authorize(
    groupId: string,
    direction: Direction,
    permissions: IpPermission[],
  ): Promise<MutationResult[]> {
    this.mutations.push({ op: 'authorize', groupId, direction, count: permissions.length });
    const scripted = this.scripted.authorize.shift();
    if (scripted) return answers(scripted, permissions.length);
    const group = this.groups.get(groupId);
    if (!group) return permissions.map(() => ({ status: 'group-not-found' }));
    for (const p of permissions) {
      for (const range of p.IpRanges ?? []) {
        group.rules.push({
          direction,
          protocol: p.IpProtocol ?? 'tcp',
          fromPort: p.FromPort ?? -1,
          toPort: p.ToPort ?? -1,
          peer: { kind: 'ipv4', cidr: range.CidrIp ?? '' },
          ruleId: `sgr-${this.nextRule++}`,
        });
      }
    }
    return permissions.map(() => ({ status: 'applied' }));
  }

  /** Sets each rule's description (by id, else by its one peer); a rule not there is already-applied. */
  async updateDescriptions(
    groupId: string,
    direction: Direction,
    items: { ruleId?: string; permission: IpPermission }[],
  ): Promise<MutationResult[]> {
    this.mutations.push({ op: 'update-description', groupId, direction, count: items.length });
    const scripted = this.scripted.updateDescriptions.shift();
    if (scripted) return answers(scripted, items.length);
    const group = this.groups.get(groupId);
    if (!group) return items.map(() => ({ status: 'group-not-found' }));
    return items.map((item): MutationResult => {
      const [wanted] = rulesFromIpPermission(item.permission, direction);
      const target = group.rules.find((r) =>
        item.ruleId ? r.ruleId === item.ruleId : wanted !== undefined && ruleKey(r) === ruleKey(wanted),
      );
      if (!target) return { status: 'already-applied', code: 'InvalidPermission.NotFound' };
      if (wanted?.description) target.description = wanted.description;
      else delete target.description;
      return { status: 'applied' };
    });
  }

  async tag(groupId: string, tags: Readonly<Record<string, string>>): Promise<MutationResult> {
    this.tagged.push({ groupId, tags: { ...tags } });
    const scripted = this.scripted.tag.shift();
    if (scripted) return scripted;
    const group = this.groups.get(groupId);
    if (!group) return { status: 'group-not-found' };
    group.tags = { ...group.tags, ...tags };
    return { status: 'applied' };
  }
}

function answers(scripted: Scripted, count: number): MutationResult[] {
  return Array.isArray(scripted) ? scripted : Array.from({ length: count }, () => scripted);
}

export class RecordingLogger implements EngineLogger {
  readonly lines: { level: string; message: string; attributes: Record<string, unknown> }[] = [];
  debug(message: string, attributes: Record<string, unknown> = {}) {
    this.lines.push({ level: 'DEBUG', message, attributes });
  }
  info(message: string, attributes: Record<string, unknown> = {}) {
    this.lines.push({ level: 'INFO', message, attributes });
  }
  warn(message: string, attributes: Record<string, unknown> = {}) {
    this.lines.push({ level: 'WARN', message, attributes });
  }
  error(message: string, attributes: Record<string, unknown> = {}) {
    this.lines.push({ level: 'ERROR', message, attributes });
  }
  find(message: string) {
    return this.lines.filter((l) => l.message === message);
  }
}

export class RecordingMetrics {
  readonly points: MetricPoint[] = [];
  record(point: MetricPoint) {
    this.points.push(point);
  }
  sum(name: string, dimensions: Record<string, string> = {}): number {
    return this.points
      .filter((p) => p.name === name && Object.entries(dimensions).every(([k, v]) => p.dimensions?.[k] === v))
      .reduce((total, p) => total + p.value, 0);
  }
}

/** The world a test hub runs in: one FakeEc2 per account/region, an org, a topic, a DLQ. */
export class World {
  readonly ec2 = new Map<string, FakeEc2>();
  readonly accounts = new Map<string, AccountLookup>([
    [ACCOUNT, { status: 'active', id: ACCOUNT, name: 'prod' }],
  ]);
  readonly published: ComposedAlert[] = [];
  readonly deadLetters: DeadLetter[] = [];
  readonly logger = new RecordingLogger();
  readonly metrics = new RecordingMetrics();
  lookups = 0;
  publishFailures = 0;
  deadLetterFailures = 0;
  clock = new Date('2026-01-01T00:00:05.000Z');

  region(account = ACCOUNT, region = REGION): FakeEc2 {
    const key = `${account}/${region}`;
    const existing = this.ec2.get(key);
    if (existing) return existing;
    const created = new FakeEc2();
    this.ec2.set(key, created);
    return created;
  }

  deps() {
    return {
      parse: fakeParse,
      plan: fakePlan,
      compose: fakeCompose,
      gateways: (account: string, region: string) => this.region(account, region),
      accounts: {
        lookup: async (id: string): Promise<AccountLookup> => {
          this.lookups++;
          return this.accounts.get(id) ?? { status: 'not-member', id };
        },
      },
      alerts: {
        publish: async (alert: ComposedAlert) => {
          if (this.publishFailures > 0) {
            this.publishFailures--;
            throw new Error('sns throttled');
          }
          this.published.push(alert);
          return { messageId: `m-${this.published.length}` };
        },
      },
      deadLetters: {
        send: async (letter: DeadLetter) => {
          if (this.deadLetterFailures > 0) {
            this.deadLetterFailures--;
            throw new Error('sqs down');
          }
          this.deadLetters.push(letter);
        },
      },
      logger: this.logger,
      metrics: this.metrics,
      now: () => this.clock,
    };
  }
}
