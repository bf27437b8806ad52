/**
 * Where the stories play: people act on the sandbox through the real EC2 client, the events the
 * sandbox emits are delivered to the hub as SQS-batch records, and everything is written down in
 * the timeline (what people did, what the hub decided, the alerts, the group's rules after).
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import {
  type ActionOutcome,
  actionRules,
  describeRule,
  groupIdsOf,
  type Incident,
  isRuleChange,
  parseEvent,
  ruleFromSecurityGroupRule,
  type SecurityGroupRule,
} from '@guardrail/core';
import type { BatchReport, GroupReport, Hub } from '@guardrail/engine';
import type { EventBridgeEvent } from '@guardrail/sandbox';
import { decodeAlert } from '@guardrail/testkit';
import type { DemoClock } from './clock';
import { ACCOUNTS, type AccountKey, type DemoOrganization, type Person } from './organization';
import type { ReceivedAlert, TimelineEntry, TimelineKind } from './report';

/** How long EventBridge, the forwarding rule and SQS take to bring an event to the hub. */
export const DELIVERY_DELAY_MS = 2_000;

export interface GroupRef {
  account: AccountKey;
  region: string;
  groupId: string;
  name: string;
}

export interface Delivery {
  report: BatchReport;
  alerts: ReceivedAlert[];
  /** AWS calls the hub made while handling the batch. */
  hubCalls: number;
  /** The EC2 mutations among them ("RevokeSecurityGroupIngress"). */
  hubMutations: string[];
}

export class Stage {
  timeline: TimelineEntry[] = [];
  /** Events the hub's own reverts emitted: they come back to it (story 7, the loop guard). */
  readonly ownEvents: EventBridgeEvent[] = [];
  private readonly groups = new Map<string, GroupRef>();
  private alertsSeen = 0;
  private nextMessage = 0;

  constructor(
    readonly org: DemoOrganization,
    private readonly hub: Hub,
    readonly clock: DemoClock,
  ) {}

  /** Starts a new story's timeline. */
  begin(): void {
    this.timeline = [];
  }

  note(kind: TimelineKind, who: string, text: string, alert?: ReceivedAlert): void {
    this.timeline.push({ at: this.clock.elapsed(), kind, who, text, ...(alert ? { alert } : {}) });
  }

  seedGroup(spec: Parameters<DemoOrganization['seedGroup']>[0]): GroupRef {
    const groupId = this.org.seedGroup(spec);
    const ref = { account: spec.account, region: spec.region, groupId, name: spec.name };
    this.groups.set(groupId, ref);
    const tags = Object.entries(spec.tags ?? {}).map(([k, v]) => `${k}=${v}`);
    this.note(
      'note',
      'setup',
      `${this.where(ref)}: ${tags.length > 0 ? `tagged ${tags.join(', ')}` : 'no guardrail tags'}; ingress: ${this.rules(ref).join(', ') || 'none'}`,
    );
    return ref;
  }

  /** A person makes one EC2 call; returns the CloudTrail events it produced, narrated. */
  async act(
    person: Person,
    region: string,
    call: (ec2: EC2Client) => Promise<unknown>,
  ): Promise<EventBridgeEvent[]> {
    this.takeOwnEvents();
    await call(person.ec2(region));
    const events = this.org.sb.takeEvents();
    for (const event of events) this.note('act', person.name, this.narrate(event, person));
    return events;
  }

  /** The events reach the hub as one SQS batch (after the delivery delay); the hub's answer, narrated. */
  async deliver(events: readonly EventBridgeEvent[], label = ''): Promise<Delivery> {
    this.clock.advance(DELIVERY_DELAY_MS);
    const records = events.map((event) => {
      this.nextMessage += 1;
      return { id: `msg-${String(this.nextMessage).padStart(4, '0')}`, body: JSON.stringify(event) };
    });
    const ids = events.map((e) => e.detail.eventID.slice(0, 8));
    this.note(
      'deliver',
      'hub',
      `receives an SQS batch of ${records.length} record${records.length === 1 ? '' : 's'} (event${ids.length === 1 ? '' : 's'} ${ids.join(', ')})${label ? ` ${label}` : ''}`,
    );
    return this.handle(records);
  }

  /**
   * The scheduled forwarding health check reaches one account and region: a forwarding-only sweep
   * target, as the 15-minute schedule's planner enqueues it.
   */
  async checkForwarding(account: AccountKey, region: string): Promise<Delivery> {
    this.clock.advance(DELIVERY_DELAY_MS);
    this.nextMessage += 1;
    const target = {
      guardrail: 'sweep-target',
      sweepId: `health:${this.nextMessage}`,
      account: ACCOUNTS[account].id,
      region,
      checks: 'forwarding',
    };
    this.note('deliver', 'hub', `runs the scheduled forwarding health check of ${account} in ${region}`);
    return this.handle([
      { id: `msg-${String(this.nextMessage).padStart(4, '0')}`, body: JSON.stringify(target) },
    ]);
  }

  /** The hub handles one SQS batch; its answer, narrated. */
  private async handle(records: { id: string; body: string }[]): Promise<Delivery> {
    const callsBefore = this.org.sb.calls.length;
    const report = await this.hub.processBatch(records);
    const calls = this.org.sb.calls.slice(callsBefore).filter((c) => this.isHub(c.principalArn));
    const hubMutations = calls
      .filter((c) => c.service === 'ec2' && !c.operation.startsWith('Describe'))
      .map((c) => c.operation);
    for (const skipped of report.skipped) {
      this.note(
        'skip',
        'hub',
        `skips event ${skipped.eventId?.slice(0, 8) ?? skipped.recordId}: ${skipReason(skipped.reason, skipped.detail)}`,
      );
    }
    for (const failure of report.batchItemFailures) {
      this.note('decide', 'hub', `fails record ${failure.itemIdentifier}: SQS will deliver it again`);
    }
    for (const group of report.groups) this.note('decide', 'hub', this.decision(group));
    this.takeOwnEvents();
    const alerts = this.newAlerts();
    const topic = this.org.topicArn.split(':').pop();
    for (const alert of alerts)
      this.note('alert', 'sns', `${topic} emails the security team (severity ${alert.severity}):`, alert);
    return { report, alerts, hubCalls: calls.length, hubMutations };
  }

  /** Writes the group's rules down, as they are now. */
  showRules(ref: GroupRef): string[] {
    const rules = this.rules(ref);
    this.note('state', 'ec2', `${ref.groupId} (${ref.name}) ingress now: ${rules.join(', ') || 'none'}`);
    return rules;
  }

  /** The group's tags as EC2 holds them now. */
  tagsOf(ref: GroupRef): Record<string, string> {
    const group = this.org.sb.ec2.getGroup(ACCOUNTS[ref.account].id, ref.region, ref.groupId);
    return { ...(group?.tags ?? {}) };
  }

  /** The group's ingress rules in words, sorted. */
  rules(ref: GroupRef): string[] {
    const group = this.org.sb.ec2.getGroup(ACCOUNTS[ref.account].id, ref.region, ref.groupId);
    if (!group) return [];
    return group.rules
      .filter((r) => !r.IsEgress)
      .map((r) => describeRule(ruleFromSecurityGroupRule(r as SecurityGroupRule)))
      .sort();
  }

  /** The hub's own principals: its role, and the sessions it assumed (remediation, org read). */
  private isHub(principalArn: string): boolean {
    return principalArn === this.org.hubRoleArn || principalArn.includes(':assumed-role/guardrail-');
  }

  where(ref: GroupRef): string {
    return `${ref.groupId} (${ref.name}) in ${ACCOUNTS[ref.account].name}/${ref.region}`;
  }

  private takeOwnEvents(): void {
    this.ownEvents.push(...this.org.sb.takeEvents());
  }

  private newAlerts(): ReceivedAlert[] {
    const published = this.org.sb.sns.published(this.org.topicArn);
    const fresh = published.slice(this.alertsSeen);
    this.alertsSeen = published.length;
    return fresh.map((message) => {
      const { subject, text, attributes } = decodeAlert(message);
      return {
        subject: subject ?? '(no subject)',
        body: text,
        severity: attributes.severity ?? 'unknown',
        attributes,
      };
    });
  }

  private narrate(event: EventBridgeEvent, person: Person): string {
    const parsed = parseEvent(event);
    const detail = event.detail;
    const via = [
      detail.sessionCredentialFromConsole === 'true' ? 'in the console' : undefined,
      `from ${detail.sourceIPAddress}`,
      `(${shortAgent(detail.userAgent)})`,
    ]
      .filter(Boolean)
      .join(' ');
    const who = `${person.label} (${detail.userIdentity.arn})`;
    if (!parsed.ok) return `${who} ${via}: ${detail.eventName}`;
    const change = parsed.change;
    const target =
      change.kind === 'prefix-list'
        ? [`prefix list ${change.prefixListId}`]
        : change.kind === 'tamper'
          ? [`${change.target.type} ${change.target.name}`]
          : groupIdsOf(change).map((id) => {
              const ref = this.groups.get(id);
              return ref ? this.where(ref) : id;
            });
    const what = isRuleChange(change)
      ? [
          ...change.rulesAdded.map((r) => `added ${describeRule(r)}`),
          ...change.rulesRemoved.map((r) => `removed ${describeRule(r)}`),
        ]
      : [];
    return `${who} ${via}: ${detail.eventName} on ${target.join(', ')}${what.length > 0 ? `: ${what.join(', ')}` : ''}`;
  }

  private decision(group: GroupReport): string {
    const ref = this.groups.get(group.groupId);
    const where = ref ? this.where(ref) : `${group.groupId} in ${group.account}/${group.region}`;
    const { result } = group;
    const left = result.also?.find((i): i is OptOutIncident => i.kind === 'opt-out');
    if (left?.restore?.status === 'restored') {
      const tags = Object.entries(left.restore.tags).map(([k, v]) => `${k}=${v}`);
      return `${where}: taken out of sticky ${left.from.policy}: the hub put ${tags.join(', ')} back, ${group.outcome} under it, the opt-out told`;
    }
    switch (group.outcome) {
      case 'remediated':
      case 'partially-failed':
        return `${where}: ${group.outcome} (policy ${result.plan?.policy}): ${(result.outcomes ?? []).map(actionText).join('; ')}`;
      case 'audit':
        return `${where}: audit mode (policy ${result.plan?.policy}): reported, not changed: ${(result.plan?.violations ?? []).map((v) => describeRule(v.rule)).join(', ')}`;
      case 'unmanaged':
        // A group that left a policy the hub enforced is still told (its opt-out alert follows).
        return left
          ? `${where}: out of ${left.from.policy} (no ${'guardrail:policy'} tag): nothing enforced, the opt-out told`
          : `${where}: not opted in (no ${'guardrail:policy'} tag): left alone, no alert`;
      case 'compliant':
        return `${where}: already as its policy wants: nothing to do`;
      default:
        return `${where}: ${group.outcome}${group.reason ? `: ${group.reason}` : ''}`;
    }
  }
}

type OptOutIncident = Extract<Incident, { kind: 'opt-out' }>;

function actionText(outcome: ActionOutcome): string {
  const { action } = outcome;
  const list = actionRules(action).map(describeRule).join(', ');
  const already = {
    revoke: 'already removed',
    authorize: 'already back',
    'update-description': 'already described so',
  };
  const verbs = {
    revoke: 'revoked',
    authorize: 'restored',
    'update-description': 'put back the description of',
  };
  // Someone else (another hub instance, a person) did it first: this hub did not.
  if (outcome.status === 'already-applied') return `found ${list} ${already[action.type]}`;
  const verb = verbs[action.type];
  const status =
    outcome.status === 'succeeded' ? '' : ` (${outcome.status}${outcome.error ? `: ${outcome.error}` : ''})`;
  return `${verb} ${list}${status}`;
}

function skipReason(reason: string, detail: string | undefined): string {
  const words: Record<string, string> = {
    duplicate: 'a duplicate',
    'own-role': "the hub's own change (loop guard)",
    'failed-call': 'the call failed, nothing changed',
    ignored: 'not an event the guardrail acts on',
  };
  return `${words[reason] ?? reason}${detail ? ` (${detail})` : ''}`;
}

/** The first product token of a user agent: "aws-cli/2.15.30", "Terraform/1.8.2", "browser". */
function shortAgent(agent: string): string {
  if (agent.startsWith('Mozilla/')) return 'web browser';
  const terraform = /Terraform\/[\d.]+/.exec(agent);
  return terraform ? terraform[0] : (agent.split(' ')[0] ?? agent);
}
