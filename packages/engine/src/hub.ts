import type { ComposedAlert, Incident, SecurityGroupChange } from '@guardrail/core';
import { readAlertRecord } from './alert-records';
import { type BreakerOptions, CircuitBreaker } from './breaker';
import { BatchClaims } from './claims';
import { bodyText, decodeBody } from './decode';
import { dedupeKey, InMemoryDedupeStore } from './dedupe';
import { ALERT_PUBLISH_FAILED, deliverAlert } from './deliver-alert';
import { RetryableBatchError } from './errors';
import { createLimiter } from './limiter';
import { getOrCreate } from './memo';
import { METRICS } from './metric-names';
import type {
  AccountDirectoryPort,
  AccountLookup,
  AlertComposer,
  AlertSink,
  DeadLetterSink,
  DedupeStore,
  EngineLogger,
  EventParser,
  GatewayFactory,
  GroupPlanner,
  MetricsSink,
} from './ports';
import { type GroupOutcome, type GroupResult, type GroupUnit, reconcileGroup } from './reconcile';
import { SweepBatch, type SweepTargetReport } from './sweep/batch';
import type { SweepGroupSource } from './sweep/ports';

export interface HubDeps {
  parse: EventParser;
  plan: GroupPlanner;
  compose: AlertComposer;
  gateways: GatewayFactory;
  accounts: AccountDirectoryPort;
  alerts: AlertSink;
  /** Where unprocessable records go with their reason. Without it they fail, and SQS's redrive policy moves them. */
  deadLetters?: DeadLetterSink;
  /** Shared by every instance to claim events before acting (default: in memory, this instance only). */
  dedupe?: DedupeStore;
  breaker?: CircuitBreaker | BreakerOptions;
  /** Concurrent group reconciles: overall (default 16) and per account (default 4). */
  concurrency?: { max?: number; perAccount?: number };
  logger?: EngineLogger;
  metrics?: MetricsSink;
  now?: () => Date;
  /** Lists a sweep target's opted-in groups; without it, sweep-target records are dead-lettered. */
  sweep?: SweepGroupSource;
}

/** One record of a batch: an SQS message (body = the EventBridge event as JSON) or a direct event. */
export interface HubRecord {
  id: string;
  body: unknown;
}

/** `in-progress`: another instance holds the event's claim; the record fails so the queue redelivers it. */
export type SkipReason = 'own-role' | 'failed-call' | 'duplicate' | 'ignored' | 'in-progress';

export interface PublishedAlert {
  subject: string;
  severity: ComposedAlert['severity'];
  messageId: string;
  kind: Incident['kind'];
  account?: string;
  region?: string;
  groupId?: string;
  alert: ComposedAlert;
}

export interface GroupReport {
  account: string;
  region: string;
  groupId: string;
  outcome: GroupOutcome;
  reason?: string;
  eventIds: string[];
  result: GroupResult;
}

export interface BatchReport {
  /** For Lambda's ReportBatchItemFailures: only the records worth retrying. */
  batchItemFailures: { itemIdentifier: string }[];
  groups: GroupReport[];
  skipped: { recordId: string; eventId?: string; reason: SkipReason; detail?: string }[];
  deadLettered: { recordId: string; code: string; reason: string }[];
  alerts: PublishedAlert[];
  /** The sweep targets of the batch, when it had any. */
  sweepTargets?: SweepTargetReport[];
}

export interface Hub {
  processBatch(records: readonly HubRecord[]): Promise<BatchReport>;
  /** A direct EventBridge invocation: throws RetryableBatchError when the event must be retried. */
  processEvent(event: unknown): Promise<BatchReport>;
}

const silentLogger: EngineLogger = { debug() {}, info() {}, warn() {}, error() {} };
const noMetrics: MetricsSink = { record() {} };

/**
 * Something to alert once the batch's groups are reconciled (an incident to compose, or an alert
 * kept in the dead-letter queue and replayed), and the records that depend on it.
 */
type AlertJob = {
  unitKeys: string[];
  where: { account?: string; region?: string; groupId?: string };
} & ({ incident: Incident } | { replayed: ComposedAlert });

export function createHub(deps: HubDeps): Hub {
  const logger = deps.logger ?? silentLogger;
  const metrics = deps.metrics ?? noMetrics;
  const now = deps.now ?? (() => new Date());
  const dedupe: DedupeStore = deps.dedupe ?? new InMemoryDedupeStore({ now });
  const breaker =
    deps.breaker instanceof CircuitBreaker
      ? deps.breaker
      : new CircuitBreaker(deps.breaker ?? { maxRemediations: 5, windowMinutes: 10 });
  const limiter = createLimiter({
    max: deps.concurrency?.max ?? 16,
    perKey: deps.concurrency?.perAccount ?? 4,
  });

  async function processBatch(records: readonly HubRecord[]): Promise<BatchReport> {
    const started = now();
    const report: BatchReport = {
      batchItemFailures: [],
      groups: [],
      skipped: [],
      deadLettered: [],
      alerts: [],
    };
    const failed = new Set<string>();
    const claims = new BatchClaims(dedupe, { logger, metrics });
    const sweep = new SweepBatch(deps.sweep, claims);
    /** Events to claim once every record is read (the claims go out in parallel), by dedupe key. */
    const pending = new Map<string, { change: SecurityGroupChange; recordIds: string[] }>();
    /** The groups the events name, before their claims are in (each unit's reconcile filters them). */
    const units = new Map<string, GroupUnit>();
    const tamper: { key: string; change: SecurityGroupChange }[] = [];
    /** Work the batch finishes before answering, off the critical path: dead-letter sends, breaker counts. */
    const background: Promise<unknown>[] = [];
    const unitRecords = new Map<string, Set<string>>();
    const eventUnits = new Map<string, Set<string>>();
    metrics.record({ name: METRICS.eventsReceived, unit: 'Count', value: records.length });

    /** Ties a record to a unit; `key` (an event's or sweep target's dedupe key) is completed with it. */
    const attach = (unitKey: string, recordId: string, key: string) => {
      getOrCreate(unitRecords, unitKey, () => new Set<string>()).add(recordId);
      getOrCreate(eventUnits, key, () => new Set<string>()).add(unitKey);
    };
    const skip = (recordId: string, reason: SkipReason, change?: SecurityGroupChange, detail?: string) => {
      report.skipped.push({ recordId, eventId: change?.eventId, reason, ...(detail ? { detail } : {}) });
      metrics.record({ name: METRICS.eventsSkipped, unit: 'Count', value: 1, dimensions: { reason } });
      logger.info('event skipped', {
        reason,
        recordId,
        ...(change
          ? {
              eventId: change.eventId,
              eventName: change.eventName,
              account: change.account,
              region: change.region,
              actor: change.actor.arn,
            }
          : {}),
        ...(detail ? { detail } : {}),
        ...(change?.error ? { errorCode: change.error.code } : {}),
      });
    };

    const sweepHooks = { attach, skip, defer, poison };
    /** Alerts kept in the dead-letter queue after an SNS failure, replayed onto the hub queue. */
    const replayed: AlertJob[] = [];
    for (const record of records) {
      const decoded = decodeBody(record.body);
      // Sweep targets and kept alerts are not CloudTrail events: they are routed before the parser.
      if (decoded.ok && sweep.intake(record, decoded.event, sweepHooks)) continue;
      const kept = decoded.ok ? readAlertRecord(decoded.event) : { status: 'not-alert' as const };
      if (kept.status === 'invalid') {
        poison(record, 'invalid-alert-record', kept.reason);
        continue;
      }
      if (kept.status === 'alert') {
        const key = `alert/${record.id}`;
        getOrCreate(unitRecords, key, () => new Set<string>()).add(record.id);
        const { document } = kept.alert;
        replayed.push({
          replayed: kept.alert,
          unitKeys: [key],
          // Validated only in outline (readAlertRecord): each field is checked before it is named.
          where: {
            ...(typeof document.account?.id === 'string' ? { account: document.account.id } : {}),
            ...(typeof document.region === 'string' ? { region: document.region } : {}),
            ...(typeof document.group?.groupId === 'string' ? { groupId: document.group.groupId } : {}),
          },
        });
        continue;
      }
      const parsed = decoded.ok
        ? safeParse(deps.parse, decoded.event)
        : { status: 'invalid' as const, reason: decoded.reason };
      if (parsed.status === 'invalid') {
        poison(record, decoded.ok ? 'invalid-event' : 'malformed-json', parsed.reason);
        continue;
      }
      if (parsed.status === 'ignored') {
        skip(record.id, 'ignored', undefined, parsed.reason);
        continue;
      }
      const change = parsed.change;
      if (change.error) {
        skip(record.id, 'failed-call', change);
        continue;
      }
      if (change.byGuardrail) {
        skip(record.id, 'own-role', change);
        continue;
      }
      if (change.kind !== 'tamper' && change.groupIds.length === 0) {
        // The parser never yields one (a call naming no security group is ignored, a failed one
        // skipped above): a change nothing can be reconciled for is kept, not dropped or guessed at.
        poison(record, 'no-security-group', `${change.eventName} ${change.eventId} names no security group`);
        continue;
      }
      const sameBatch = pending.get(dedupeKey.event(change.eventId));
      if (sameBatch) {
        // The same event twice in one batch: it follows the first copy's fate, and counts once.
        sameBatch.recordIds.push(record.id);
        skip(record.id, 'duplicate', change, 'delivered twice in one batch');
        continue;
      }
      pending.set(dedupeKey.event(change.eventId), { change, recordIds: [record.id] });
    }

    // The groups the events name: their reads start now, alongside the events' claims.
    for (const { change } of pending.values()) {
      if (change.kind === 'tamper') continue;
      for (const groupId of change.groupIds) {
        const key = unitKey(change.account, change.region, groupId);
        const unit = getOrCreate(units, key, () => ({
          key,
          account: change.account,
          region: change.region,
          groupId,
          changes: [] as SecurityGroupChange[],
        }));
        if (!unit.changes.includes(change)) unit.changes.push(change);
      }
    }

    // Claim before acting: one shared store call per event, all at once, while the groups are read.
    // Resolves to the ids of the events this instance may act on.
    const admission = (async (): Promise<Set<string>> => {
      const claimed = await Promise.all(
        [...pending].map(async ([key, item]) => ({ key, ...item, status: await claims.claim(key) })),
      );
      const admitted = new Set<string>();
      for (const { key: eventKey, change, recordIds, status } of claimed) {
        const [first = ''] = recordIds;
        if (status === 'done') {
          skip(first, 'duplicate', change, 'already handled');
          continue;
        }
        if (status === 'in-progress') {
          for (const recordId of recordIds) failed.add(recordId);
          skip(
            first,
            'in-progress',
            change,
            'another instance is handling it: the queue redelivers it later',
          );
          continue;
        }
        admitted.add(change.eventId);
        for (const recordId of recordIds) join(eventKey, change, recordId);
      }
      return admitted;
    })();

    /** An admitted event's record joins its groups' units (or the tamper alerts). */
    function join(eventKey: string, change: SecurityGroupChange, recordId: string): void {
      if (change.kind === 'tamper') {
        const key = `tamper/${change.eventId}`;
        if (!tamper.some((t) => t.key === key)) tamper.push({ key, change });
        attach(key, recordId, eventKey);
        return;
      }
      for (const groupId of change.groupIds)
        attach(unitKey(change.account, change.region, groupId), recordId, eventKey);
    }

    /** Records another instance is working on: not acted on here, failed so the queue redelivers them. */
    function defer(recordIds: readonly string[], detail: string): void {
      for (const recordId of recordIds) failed.add(recordId);
      const [first] = recordIds;
      if (first !== undefined) skip(first, 'in-progress', undefined, detail);
    }

    /** Dead-letters a record in the background (the batch awaits it before answering). */
    function poison(record: { id: string; body: unknown }, code: string, reason: string): void {
      background.push(deadLetter(record, code, reason));
    }

    async function deadLetter(record: { id: string; body: unknown }, code: string, reason: string) {
      metrics.record({
        name: METRICS.eventsSkipped,
        unit: 'Count',
        value: 1,
        dimensions: { reason: 'poison' },
      });
      if (!deps.deadLetters) {
        logger.error('unprocessable record: failing it so the queue dead-letters it', {
          recordId: record.id,
          code,
          reason,
        });
        failed.add(record.id);
        return;
      }
      try {
        await deps.deadLetters.send({ recordId: record.id, body: bodyText(record.body), reason, code });
        report.deadLettered.push({ recordId: record.id, code, reason });
        logger.error('unprocessable record sent to the dead-letter queue', {
          recordId: record.id,
          code,
          reason,
        });
      } catch (error) {
        logger.error('could not dead-letter an unprocessable record: failing it instead', {
          recordId: record.id,
          code,
          reason,
          error: errorText(error),
        });
        failed.add(record.id);
      }
    }

    // One membership lookup per account per batch, shared by its groups.
    const lookups = new Map<string, Promise<AccountLookup>>();
    const account = (id: string) => getOrCreate(lookups, id, () => deps.accounts.lookup(id));
    const gateways = sweep.size > 0 ? sweep.gateways(deps.gateways) : deps.gateways;
    const ctx = {
      account,
      gateways,
      plan: deps.plan,
      breaker,
      logger,
      metrics,
      now,
      defer: (work: Promise<unknown>) => {
        background.push(work);
      },
    };
    const reconcile = (unit: GroupUnit, admitted?: Promise<SecurityGroupChange[]>) =>
      limiter.run(unit.account, async (): Promise<GroupResult | undefined> => {
        let result: GroupResult | undefined;
        try {
          result = await reconcileGroup(ctx, unit, admitted);
        } catch (error) {
          result = { unit, outcome: 'retry', reason: errorText(error) };
        }
        const latency = Math.max(0, now().getTime() - started.getTime());
        for (const _change of result?.unit.changes ?? []) {
          metrics.record({ name: METRICS.hubLatency, unit: 'Milliseconds', value: latency });
        }
        return result;
      });
    /** unit key -> its reconcile; undefined when the unit's events were all claimed elsewhere. */
    const reconciles = new Map<string, Promise<GroupResult | undefined>>();
    for (const unit of units.values()) {
      const admitted = admission.then((ids) => unit.changes.filter((c) => ids.has(c.eventId)));
      // A shared store's claims take a round trip: read while they are out. A local store's are
      // answered at once: reconcile only the changes won.
      reconciles.set(
        unit.key,
        dedupe.remote
          ? reconcile(unit, admitted)
          : admitted.then((changes) => (changes.length === 0 ? undefined : reconcile({ ...unit, changes }))),
      );
    }
    // Each sweep target's opted-in groups join the batch's units: same reconcile, same alerts. A
    // group an event of this batch touched is reconciled once, for both (unless its events were
    // all claimed elsewhere: then for the sweep alone).
    const swept = sweep.size > 0 ? await sweep.expand({ account, limiter, logger }, sweepHooks) : undefined;
    for (const { unit, recordId, targetKey } of swept?.units ?? []) {
      const prior = reconciles.get(unit.key);
      reconciles.set(unit.key, prior ? prior.then((r) => r ?? reconcile(unit)) : reconcile(unit));
      attach(unit.key, recordId, dedupeKey.sweep(targetKey));
    }
    const results = (await Promise.all(reconciles.values())).filter((r): r is GroupResult => r !== undefined);
    // Tamper events join nothing: their claims may still be out.
    await admission;

    const retryUnits = new Set<string>();
    const jobs: AlertJob[] = [...replayed, ...(swept?.jobs ?? [])];
    for (const key of swept?.retryKeys ?? []) retryUnits.add(key);
    const accountErrors = new Map<string, { results: GroupResult[] }>();
    for (const result of results) {
      const { unit } = result;
      report.groups.push({
        account: unit.account,
        region: unit.region,
        groupId: unit.groupId,
        outcome: result.outcome,
        ...(result.reason ? { reason: result.reason } : {}),
        eventIds: unit.changes.map((c) => c.eventId),
        result,
      });
      metrics.record({
        name: METRICS.groupsReconciled,
        unit: 'Count',
        value: 1,
        dimensions: { outcome: result.outcome },
      });
      const logAttributes = {
        account: unit.account,
        region: unit.region,
        groupId: unit.groupId,
        outcome: result.outcome,
        eventIds: unit.changes.map((c) => c.eventId),
        ...(result.plan?.policy ? { policy: result.plan.policy, mode: result.plan.mode } : {}),
        ...(result.reason ? { reason: result.reason } : {}),
        ...(result.code ? { code: result.code } : {}),
        violations: result.plan?.violations.length ?? 0,
        actions:
          result.outcomes?.map((o) => ({
            type: o.action.type,
            direction: o.action.direction,
            status: o.status,
            error: o.error,
          })) ?? [],
      };
      if (result.outcome === 'retry') {
        retryUnits.add(unit.key);
        logger.warn('group reconcile failed: will retry', logAttributes);
        // What was done before the failure is alerted now: the retry finds it done, with nothing to say.
        if (result.incident) {
          jobs.push({
            incident: result.incident,
            unitKeys: [unit.key],
            where: { account: unit.account, region: unit.region, groupId: unit.groupId },
          });
        }
        continue;
      }
      (result.outcome === 'account-error' || result.outcome === 'partially-failed'
        ? logger.error
        : logger.info
      ).call(logger, 'group reconciled', logAttributes);
      if (result.outcome === 'account-error') {
        // One alert per account and region, however many of its groups the batch touched.
        const key = `${unit.account}/${unit.region}`;
        getOrCreate(accountErrors, key, () => ({ results: [] as GroupResult[] })).results.push(result);
        continue;
      }
      if (result.incident) {
        jobs.push({
          incident: result.incident,
          unitKeys: [unit.key],
          where: { account: unit.account, region: unit.region, groupId: unit.groupId },
        });
      }
    }
    for (const { results: grouped } of accountErrors.values()) {
      const first = grouped[0]!;
      const changes = uniqueChanges(grouped.flatMap((r) => r.unit.changes));
      jobs.push({
        incident: {
          kind: 'account-error',
          account:
            first.accountName === undefined
              ? { id: first.unit.account }
              : { id: first.unit.account, name: first.accountName },
          region: first.unit.region,
          reason: first.reason ?? 'the account cannot be remediated',
          ...(first.code ? { code: first.code } : {}),
          changes,
        },
        unitKeys: grouped.map((r) => r.unit.key),
        where: { account: first.unit.account, region: first.unit.region },
      });
    }
    for (const item of tamper) {
      logger.warn('tampering with the guardrail forwarding rule', {
        eventId: item.change.eventId,
        eventName: item.change.eventName,
        account: item.change.account,
        region: item.change.region,
        ruleName: item.change.ruleName,
        actor: item.change.actor.arn,
      });
      jobs.push({
        incident: { kind: 'tamper', change: item.change },
        unitKeys: [item.key],
        where: { account: item.change.account, region: item.change.region },
      });
    }

    const deliveryDeps = {
      alerts: deps.alerts,
      ...(deps.deadLetters ? { deadLetters: deps.deadLetters } : {}),
      logger,
      metrics,
    };
    // Publish, count and complete are one step (design.md section 9): the claims of what succeeded
    // so far are completed while the alerts go out. An alert SNS refuses is kept in the dead-letter
    // queue (its records stay done); only when that fails too are its records retried, and their
    // claims reopened.
    const eventFate = () => {
      const done: string[] = [];
      const retried: string[] = [];
      for (const [key, keys] of eventUnits)
        ([...keys].some((k) => retryUnits.has(k)) ? retried : done).push(key);
      return { done, retried };
    };
    const before = eventFate();
    await Promise.all([
      ...jobs.map(async (job) => {
        const alert = 'replayed' in job ? job.replayed : deps.compose(job.incident);
        if (!alert) return;
        const kind = 'replayed' in job ? job.replayed.document.kind : job.incident.kind;
        const recordIds = job.unitKeys.flatMap((key) => [...(unitRecords.get(key) ?? [])]);
        const delivery = await deliverAlert(deliveryDeps, alert, { kind, recordIds, ...job.where });
        if (delivery.status === 'published') {
          report.alerts.push({
            subject: alert.subject,
            severity: alert.severity,
            messageId: delivery.messageId,
            kind,
            ...job.where,
            alert,
          });
        } else if (delivery.status === 'dead-lettered') {
          report.deadLettered.push({
            recordId: delivery.recordId,
            code: ALERT_PUBLISH_FAILED,
            reason: delivery.reason,
          });
        } else {
          for (const key of job.unitKeys) retryUnits.add(key);
        }
      }),
      claims.settle(before.done, before.retried),
      ...background,
    ]);
    const retriedNow = new Set(eventFate().retried);
    await claims.reopen(before.done.filter((key) => retriedNow.has(key)));
    for (const key of retryUnits) for (const recordId of unitRecords.get(key) ?? []) failed.add(recordId);

    if (sweep.size > 0) report.sweepTargets = sweep.finish(results, retryUnits, metrics);
    report.batchItemFailures = records.filter((r) => failed.has(r.id)).map((r) => ({ itemIdentifier: r.id }));
    logger.info('batch processed', {
      records: records.length,
      groups: report.groups.length,
      alerts: report.alerts.length,
      skipped: report.skipped.length,
      deadLettered: report.deadLettered.length,
      failed: report.batchItemFailures.length,
    });
    return report;
  }

  return {
    processBatch,
    async processEvent(event: unknown): Promise<BatchReport> {
      const id = eventIdOf(event) ?? 'direct-invocation';
      const report = await processBatch([{ id, body: event }]);
      if (report.batchItemFailures.length > 0)
        throw new RetryableBatchError(report.batchItemFailures.map((f) => f.itemIdentifier));
      return report;
    },
  };
}

function safeParse(parse: EventParser, event: unknown) {
  try {
    return parse(event);
  } catch (error) {
    return { status: 'invalid' as const, reason: `the parser threw: ${errorText(error)}` };
  }
}

function unitKey(account: string, region: string, groupId: string): string {
  return `${account}/${region}/${groupId}`;
}

function uniqueChanges(changes: SecurityGroupChange[]): SecurityGroupChange[] {
  const seen = new Set<string>();
  return changes.filter((c) => !seen.has(c.eventId) && seen.add(c.eventId));
}

function eventIdOf(event: unknown): string | undefined {
  if (typeof event === 'object' && event !== null && 'id' in event && typeof event.id === 'string')
    return event.id;
  return undefined;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
