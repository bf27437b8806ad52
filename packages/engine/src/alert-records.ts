/**
 * An alert kept for later (design.md section 8: never dropped silently). When SNS refuses an alert
 * after the SDK's retries, the hub writes it to the dead-letter queue as this self-describing
 * record; `guardrail dlq replay --to <hub queue>` puts it back on the hub queue, where the hub
 * recognises it before the event parser and publishes it as it was composed.
 */
import type { ComposedAlert, Severity } from '@guardrail/core';

export interface AlertRecord {
  guardrail: 'alert';
  alert: ComposedAlert;
}

export type AlertRecordRead =
  | { status: 'not-alert' }
  | { status: 'alert'; alert: ComposedAlert }
  | { status: 'invalid'; reason: string };

const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'info'];

export function alertRecordBody(alert: ComposedAlert): string {
  const record: AlertRecord = { guardrail: 'alert', alert };
  return JSON.stringify(record);
}

/** Whether a decoded record body is a kept alert, and if it claims to be one, whether it is whole. */
export function readAlertRecord(event: unknown): AlertRecordRead {
  if (!isRecord(event) || event.guardrail !== 'alert') return { status: 'not-alert' };
  const { alert } = event;
  if (!isRecord(alert)) return invalid('alert is missing');
  const { subject, text, severity, attributes, document } = alert;
  if (typeof subject !== 'string' || subject === '') return invalid('subject is missing');
  if (typeof text !== 'string') return invalid('text is missing');
  if (typeof severity !== 'string' || !SEVERITIES.includes(severity as Severity))
    return invalid('severity is missing or unknown');
  if (!isRecord(attributes) || !Object.values(attributes).every((v) => typeof v === 'string'))
    return invalid('attributes must map names to strings');
  if (!isRecord(document) || document.schemaVersion !== 1 || typeof document.kind !== 'string')
    return invalid('document is not a version 1 alert document');
  // Checked field by field above; the document itself is published as it was composed.
  return { status: 'alert', alert: alert as unknown as ComposedAlert };
}

function invalid(reason: string): AlertRecordRead {
  return { status: 'invalid', reason: `alert record: ${reason}` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
