/**
 * Phase 1, route: what each record is, before anything is claimed or read. Sweep targets and
 * kept alerts are not CloudTrail events: they are recognised before the event parser. Pure: no
 * I/O, so routing a whole batch first keeps every side effect of the next phase in record order.
 */
import { type ComposedAlert, errorText, type SecurityGroupChange } from '@guardrail/core';
import { readAlertRecord } from '../alert-records';
import { decodeBody } from '../decode';
import type { EventParser } from '../ports';
import { readSweepDeadline, readSweepTarget, type SweepDeadline, type SweepTarget } from '../sweep/messages';

export type Route =
  | { kind: 'change'; change: SecurityGroupChange }
  /** A sweep message: one target per region it names. */
  | { kind: 'sweep-target'; targets: SweepTarget[] }
  /** When a sweep should have finished (sweep/summary.ts checks it). */
  | { kind: 'sweep-deadline'; deadline: SweepDeadline }
  /** An alert SNS refused, kept in the dead-letter queue and replayed onto the hub queue. */
  | { kind: 'kept-alert'; alert: ComposedAlert }
  /** A valid event Guardrail does not act on. */
  | { kind: 'ignored'; reason: string }
  /** Unprocessable: it goes to the dead-letter queue with its reason. */
  | { kind: 'poison'; code: string; reason: string };

export function routeRecord(body: unknown, parse: EventParser): Route {
  const decoded = decodeBody(body);
  if (!decoded.ok) return { kind: 'poison', code: 'malformed-json', reason: decoded.reason };
  const sweep = readSweepTarget(decoded.event);
  if (sweep.status === 'invalid')
    return { kind: 'poison', code: 'invalid-sweep-target', reason: sweep.reason };
  if (sweep.status === 'target') return { kind: 'sweep-target', targets: sweep.targets };
  const deadline = readSweepDeadline(decoded.event);
  if (deadline.status === 'invalid')
    return { kind: 'poison', code: 'invalid-sweep-deadline', reason: deadline.reason };
  if (deadline.status === 'deadline') return { kind: 'sweep-deadline', deadline: deadline.deadline };
  const kept = readAlertRecord(decoded.event);
  if (kept.status === 'invalid') return { kind: 'poison', code: 'invalid-alert-record', reason: kept.reason };
  if (kept.status === 'alert') return { kind: 'kept-alert', alert: kept.alert };
  const parsed = safeParse(parse, decoded.event);
  if (parsed.status === 'invalid') return { kind: 'poison', code: 'invalid-event', reason: parsed.reason };
  if (parsed.status === 'ignored') return { kind: 'ignored', reason: parsed.reason };
  return { kind: 'change', change: parsed.change };
}

function safeParse(parse: EventParser, event: unknown) {
  try {
    return parse(event);
  } catch (error) {
    return { status: 'invalid' as const, reason: `the parser threw: ${errorText(error)}` };
  }
}
