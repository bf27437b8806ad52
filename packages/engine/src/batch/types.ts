/** What a batch takes and what it reports (the hub's public contract with its callers). */
import type { ComposedAlert, Incident } from '@guardrail/core';
import type { GroupOutcome, GroupResult } from '../group-unit';
import type { SweepTargetReport } from '../sweep/report';

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

/** Where an alert is about (named in logs, the report and the dead letter). */
export interface AlertWhere {
  account?: string;
  region?: string;
  groupId?: string;
}

/**
 * Something to alert once the batch's groups are reconciled (an incident to compose, or an alert
 * kept in the dead-letter queue and replayed), and the units whose records depend on it.
 */
export type AlertJob = {
  unitKeys: string[];
  where: AlertWhere;
  /** Once the alert is out (published or kept in the dead-letter queue): its owed record is settled. */
  afterDelivery?: () => Promise<void>;
} & ({ incident: Incident } | { replayed: ComposedAlert });
