/**
 * Phase 2, admit: which records the batch acts on. Failed calls and the hub's own calls (the loop
 * guard) are skipped, a second copy of an event in the batch follows the first, and every event
 * left is claimed in the shared dedupe store (all claims at once, once every record is read).
 * Sweep targets are claimed as they come (SweepBatch.intake); kept alerts become alert jobs.
 */
import {
  type ComposedAlert,
  isGroupChange,
  type PrefixListChange,
  type SecurityGroupChange,
  type TamperChange,
} from '@guardrail/core';
import type { BatchClaims } from '../claims';
import { dedupeKey } from '../dedupe';
import { groupKey } from '../group-unit';
import type { EventParser } from '../ports';
import type { SweepBatch } from '../sweep/batch';
import type { SweepDeadline } from '../sweep/messages';
import { NOT_A_SWEEP_HUB } from '../sweep/not-a-sweep-hub';
import type { BatchJournal } from './journal';
import type { BatchLedger } from './ledger';
import { routeRecord } from './route';
import type { AlertJob, HubRecord } from './types';

/** An event to act on, with every record of the batch that carried it. */
export interface PendingEvent {
  change: SecurityGroupChange;
  recordIds: string[];
}

/** A tampering event admitted: it becomes a tamper alert, joined by its records under `key`. */
export interface TamperUnit {
  key: string;
  change: TamperChange;
}

/**
 * A prefix list's change admitted: the groups that reference it are found (and reconciled) in the
 * reconcile phase; its records are joined under `key` until then, and to each group's unit after.
 */
export interface PrefixListUnit {
  key: string;
  eventKey: string;
  change: PrefixListChange;
  recordIds: string[];
}

export interface Admitted {
  /** The ids of the events this instance won the claims of. */
  eventIds: Set<string>;
  tamper: TamperUnit[];
  prefixLists: PrefixListUnit[];
}

export interface Admission {
  /** Events to claim, in the order of their first record. */
  events: PendingEvent[];
  /** Resolves once every event's claim is in; the records of those won are then on the ledger. */
  admitted: Promise<Admitted>;
  /** Alerts kept in the dead-letter queue after an SNS failure, replayed onto the hub queue. */
  replayed: AlertJob[];
  /** Sweep deadlines, checked once the batch is settled. */
  deadlines: { recordId: string; deadline: SweepDeadline }[];
}

export interface AdmitContext {
  parse: EventParser;
  claims: BatchClaims;
  sweep: SweepBatch;
  ledger: BatchLedger;
  journal: BatchJournal;
  /** Whether this hub keeps the sweeps' tally; without it a sweep deadline is dead-lettered. */
  keepsSweepTally: boolean;
}

export function admitRecords(ctx: AdmitContext, records: readonly HubRecord[]): Admission {
  const { journal } = ctx;
  const pending = new Map<string, PendingEvent>();
  const replayed: AlertJob[] = [];
  const deadlines: Admission['deadlines'] = [];
  for (const record of records) {
    const route = routeRecord(record.body, ctx.parse);
    switch (route.kind) {
      case 'poison':
        journal.poison(record, route.code, route.reason);
        break;
      case 'sweep-target':
        // One record, several regions: the record is retried if any of them must be.
        for (const target of route.targets) ctx.sweep.intake(record, target);
        break;
      case 'sweep-deadline':
        if (ctx.keepsSweepTally) deadlines.push({ recordId: record.id, deadline: route.deadline });
        else journal.poison(record, NOT_A_SWEEP_HUB.code, NOT_A_SWEEP_HUB.deadline);
        break;
      case 'kept-alert':
        replayed.push(keptAlertJob(ctx.ledger, record, route.alert));
        break;
      case 'ignored':
        journal.skip(record.id, 'ignored', undefined, route.reason);
        break;
      case 'change':
        admitChange(journal, pending, record, route.change);
    }
  }
  const events = [...pending.values()];
  return { events, admitted: claimEvents(ctx, pending), replayed, deadlines };
}

/**
 * The loop guard skips only what the hub itself does and what can only close a group: its revokes.
 * Anything else made with its identity (an authorize, a tag change, a modify) is reconciled like
 * any change: the hub's own restores are then found compliant at the cost of one read, and
 * someone who borrowed the remediation role (an edited trust policy) to open a group is reverted
 * and alerted, not skipped as the hub's own.
 */
function isOwnKind(change: SecurityGroupChange): boolean {
  return change.kind === 'revoke';
}

function admitChange(
  journal: BatchJournal,
  pending: Map<string, PendingEvent>,
  record: HubRecord,
  change: SecurityGroupChange,
): void {
  const key = dedupeKey.event(change.eventId);
  const sameBatch = pending.get(key);
  if (change.error) journal.skip(record.id, 'failed-call', change);
  else if (change.byGuardrail && isOwnKind(change)) journal.skip(record.id, 'own-role', change);
  else if (isGroupChange(change) && change.groupIds.length === 0) {
    // The parser never yields one (a call naming no security group is ignored, a failed one
    // skipped above): a change nothing can be reconciled for is kept, not dropped or guessed at.
    journal.poison(
      record,
      'no-security-group',
      `${change.eventName} ${change.eventId} names no security group`,
    );
  } else if (sameBatch) {
    // The same event twice in one batch: it follows the first copy's fate, and counts once.
    sameBatch.recordIds.push(record.id);
    journal.skip(record.id, 'duplicate', change, 'delivered twice in one batch');
  } else pending.set(key, { change, recordIds: [record.id] });
}

function keptAlertJob(ledger: BatchLedger, record: HubRecord, alert: ComposedAlert): AlertJob {
  const key = `alert/${record.id}`;
  ledger.attach(key, record.id);
  const { document } = alert;
  return {
    replayed: alert,
    unitKeys: [key],
    // Validated only in outline (readAlertRecord): each field is checked before it is named.
    where: {
      ...(typeof document.account?.id === 'string' ? { account: document.account.id } : {}),
      ...(typeof document.region === 'string' ? { region: document.region } : {}),
      ...(typeof document.group?.groupId === 'string' ? { groupId: document.group.groupId } : {}),
    },
  };
}

/**
 * Claims before acting: one shared store call per event, all at once, while the groups are read.
 * A claim another instance holds fails the records (the queue redelivers them); one already done
 * is a duplicate. The records of the events won join their groups' units (or their tamper alert).
 */
async function claimEvents(ctx: AdmitContext, pending: Map<string, PendingEvent>): Promise<Admitted> {
  const { journal, ledger } = ctx;
  const claimed = await Promise.all(
    [...pending].map(async ([key, item]) => ({ key, ...item, status: await ctx.claims.claim(key) })),
  );
  const admitted: Admitted = { eventIds: new Set<string>(), tamper: [], prefixLists: [] };
  for (const { key: eventKey, change, recordIds, status } of claimed) {
    const [first = ''] = recordIds;
    if (status === 'done') {
      journal.skip(first, 'duplicate', change, 'already handled');
      continue;
    }
    if (status === 'in-progress') {
      ledger.fail(recordIds);
      journal.skip(
        first,
        'in-progress',
        change,
        'another instance is handling it: the queue redelivers it later',
      );
      continue;
    }
    admitted.eventIds.add(change.eventId);
    if (change.kind === 'prefix-list') {
      const key = `prefix-list/${change.eventId}`;
      admitted.prefixLists.push({ key, eventKey, change, recordIds });
      for (const recordId of recordIds) ledger.attach(key, recordId, eventKey);
      continue;
    }
    for (const recordId of recordIds) {
      if (change.kind === 'tamper') {
        const key = `tamper/${change.eventId}`;
        if (!admitted.tamper.some((t) => t.key === key)) admitted.tamper.push({ key, change });
        ledger.attach(key, recordId, eventKey);
        continue;
      }
      for (const groupId of change.groupIds)
        ledger.attach(
          groupKey({ account: change.account, region: change.region, groupId }),
          recordId,
          eventKey,
        );
    }
  }
  return admitted;
}
