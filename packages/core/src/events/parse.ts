/**
 * CloudTrail records (bare, or in an EventBridge "AWS API Call via CloudTrail" envelope) into
 * SecurityGroupChanges. Never throws: whatever the input, the answer is a change or an
 * EventParseError naming the path that is wrong.
 */

import { GUARDRAIL_NAMES } from '../contract/names';
import { ACCOUNT_ID_PATTERN } from '../contract/patterns';
import {
  childPath,
  expectObject,
  isObject,
  type JsonObject,
  optionalString,
  requiredObject,
  requiredString,
  ShapeError,
} from '../rules/json-shape';
import { actorFromRecord, isGuardrailActor } from './actor';
import {
  DEFAULT_FORWARDING_RULE_NAME,
  DEFAULT_GUARDED_RESOURCES,
  DETAIL_TYPE,
  EC2_EVENT_NAMES,
  EC2_EVENT_SOURCE,
  EVENTS_EVENT_NAMES,
  EVENTS_EVENT_SOURCE,
  type GuardedResources,
  IAM_EVENT_NAMES,
  IAM_EVENT_SOURCE,
  TAGGING_EVENT_NAMES,
  TAGGING_EVENT_SOURCE,
  type WatchedEventName,
} from './catalog';
import { type ChangeDetails, emptyDetails, type GroupCallKind, KIND_OF, readDetails } from './details';
import { EventParseError } from './errors';
import type { ChangeEnvelope, ChangeKind, SecurityGroupChange } from './types';

export interface ParseOptions {
  /**
   * Names of the remediation role (default `['guardrail-remediation']`). A call is the guardrail's
   * own only when its session was issued by a role of one of these names in the group's own
   * account (`recipientAccountId`), and carries the SourceIdentity below.
   */
  guardrailRoleNames?: readonly string[];
  /** The SourceIdentity the guardrail sets (default `guardrail`; `''`: check the role alone). */
  guardrailSourceIdentity?: string;
  /** The member forwarding rule whose tampering is reported (default DEFAULT_FORWARDING_RULE_NAME). */
  forwardingRuleName?: string;
  /**
   * Every member rule and role of the guardrail whose changes are tampering (default
   * DEFAULT_GUARDED_RESOURCES, with `forwardingRuleName` in place of the default forwarding rule).
   */
  guarded?: GuardedResources;
}

export type ParseResult = { ok: true; change: SecurityGroupChange } | { ok: false; error: EventParseError };

export const DEFAULT_GUARDRAIL_ROLE_NAMES: readonly string[] = [GUARDRAIL_NAMES.remediationRole];
export const DEFAULT_GUARDRAIL_SOURCE_IDENTITY: string = GUARDRAIL_NAMES.sourceIdentity;
/** The `error.code` of a call whose response says `_return: false`: it is skipped as failed. */
export const RETURN_FALSE = 'ReturnFalse';

/** Which service emits each watched event name. */
const SOURCE_OF = new Map<string, string>([
  ...EC2_EVENT_NAMES.map((name) => [name, EC2_EVENT_SOURCE] as const),
  ...TAGGING_EVENT_NAMES.map((name) => [name, TAGGING_EVENT_SOURCE] as const),
  ...EVENTS_EVENT_NAMES.map((name) => [name, EVENTS_EVENT_SOURCE] as const),
  ...IAM_EVENT_NAMES.map((name) => [name, IAM_EVENT_SOURCE] as const),
]);

interface Located {
  record: JsonObject;
  path: string;
  envelopeAccount?: string;
  envelopeRegion?: string;
}

/** An envelope carries the record in `detail`; anything else is taken as a bare record. */
function locateRecord(input: unknown): Located {
  const root = expectObject(input, '');
  if (!Object.hasOwn(root, 'detail')) return { record: root, path: '' };
  const detailType = optionalString(root, 'detail-type', '');
  if (detailType !== undefined && detailType !== DETAIL_TYPE) {
    throw new EventParseError(
      'unsupported-event',
      'detail-type',
      `detail-type "${detailType}" is not watched`,
    );
  }
  return {
    record: requiredObject(root, 'detail', ''),
    path: 'detail',
    envelopeAccount: optionalString(root, 'account', ''),
    envelopeRegion: optionalString(root, 'region', ''),
  };
}

function eventNameOf(record: JsonObject, path: string): { eventName: WatchedEventName; eventSource: string } {
  const eventSource = requiredString(record, 'eventSource', path);
  const eventName = requiredString(record, 'eventName', path);
  const expected = SOURCE_OF.get(eventName);
  if (expected === undefined) {
    throw new EventParseError(
      'unsupported-event',
      childPath(path, 'eventName'),
      `${eventName} is not watched`,
    );
  }
  if (expected !== eventSource) {
    throw new EventParseError(
      'unsupported-event',
      childPath(path, 'eventSource'),
      `${eventName} is expected from ${expected}, not ${eventSource}`,
    );
  }
  return { eventName: eventName as WatchedEventName, eventSource };
}

function eventTimeOf(record: JsonObject, path: string): string {
  const eventTime = requiredString(record, 'eventTime', path);
  if (Number.isNaN(Date.parse(eventTime))) {
    throw new ShapeError(childPath(path, 'eventTime'), `"${eventTime}" is not an ISO 8601 time`);
  }
  return eventTime;
}

/**
 * The account owning the resource: `recipientAccountId`, else the envelope's `account`. When both
 * are given they must agree (design.md section 4): an event that contradicts itself is rejected.
 */
function accountOf(located: Located): string {
  const at = childPath(located.path, 'recipientAccountId');
  const envelope = located.envelopeAccount;
  const account = optionalString(located.record, 'recipientAccountId', located.path) || envelope;
  if (!account) throw new ShapeError(at, 'is required');
  if (!ACCOUNT_ID_PATTERN.test(account))
    throw new ShapeError(at, `"${account}" is not a 12-digit account id`);
  if (envelope && envelope !== account) {
    throw new ShapeError(
      `${at}, account`,
      `recipientAccountId ${account} differs from the envelope's account`,
    );
  }
  return account;
}

function regionOf(located: Located): string {
  const region = optionalString(located.record, 'awsRegion', located.path) || located.envelopeRegion;
  if (!region) throw new ShapeError(childPath(located.path, 'awsRegion'), 'is required');
  return region;
}

/**
 * Why the call did not apply: its `errorCode`, or a `responseElements._return` of false (EC2
 * answered but did nothing). The latter is reported as the code `ReturnFalse`, so that the hub
 * skips it as a failed call rather than take its rules for added or removed.
 */
function errorOf(record: JsonObject, path: string): ChangeEnvelope['error'] {
  const code = optionalString(record, 'errorCode', path);
  if (code) {
    const message = optionalString(record, 'errorMessage', path);
    return message === undefined ? { code } : { code, message };
  }
  const response = record.responseElements;
  const returned = isObject(response) ? response._return : undefined;
  if (returned === false || returned === 'false') {
    return { code: RETURN_FALSE, message: 'the call answered _return: false and changed nothing' };
  }
  return undefined;
}

/** Kinds whose event is about a security group whatever its details say (unlike tag or tamper calls). */
const GROUP_CALL_KINDS = new Set<ChangeKind>([
  'authorize',
  'revoke',
  'modify',
  'update-description',
  'create-group',
  'delete-group',
]);

function isGroupCallKind(kind: ChangeKind): kind is GroupCallKind {
  return GROUP_CALL_KINDS.has(kind);
}

/**
 * A failed call is logged and skipped, and its request may be as broken as the call was: when the
 * details of a failed security-group call cannot be read, the change keeps what is certain (kind,
 * and the groupId if given). A tag or tamper call is only ours by its details, so it stays an error.
 */
function detailsOf(
  located: Located,
  eventName: WatchedEventName,
  failed: boolean,
  options: ParseOptions,
): ChangeDetails {
  const ctx = { record: located.record, path: located.path, guarded: guardedOf(options) };
  try {
    return readDetails(ctx, eventName);
  } catch (error) {
    const kind = KIND_OF[eventName];
    if (!failed || !isGroupCallKind(kind) || !(error instanceof ShapeError)) throw error;
    const params = located.record.requestParameters;
    const groupId =
      typeof params === 'object' && params !== null ? Reflect.get(params, 'groupId') : undefined;
    return emptyDetails(kind, typeof groupId === 'string' && groupId !== '' ? [groupId] : []);
  }
}

function guardedOf(options: ParseOptions): GuardedResources {
  if (options.guarded) return options.guarded;
  const forwarding = options.forwardingRuleName ?? DEFAULT_FORWARDING_RULE_NAME;
  const { ruleNames } = DEFAULT_GUARDED_RESOURCES;
  return {
    ...DEFAULT_GUARDED_RESOURCES,
    ruleNames: [forwarding, ...ruleNames.filter((name) => name !== DEFAULT_FORWARDING_RULE_NAME)],
  };
}

/**
 * A call that failed (an `errorCode`, or `_return: false`) applied nothing: what its request
 * asked for is not reported as added, removed or tagged. Kind, groups and rule name stay.
 */
function unapplied(details: ChangeDetails): ChangeDetails {
  switch (details.kind) {
    case 'tamper':
    case 'prefix-list':
      return details;
    case 'tag':
    case 'untag':
      return { ...details, tagsSet: {}, tagKeysRemoved: [] };
    case 'create-group':
    case 'delete-group':
      return { ...details, tagsSet: {} };
    default:
      return { ...details, rulesAdded: [], rulesRemoved: [], ruleIdsRemoved: [], rulesModified: [] };
  }
}

function buildChange(input: unknown, options: ParseOptions): SecurityGroupChange {
  const located = locateRecord(input);
  const { record, path } = located;
  const { eventName, eventSource } = eventNameOf(record, path);
  const error = errorOf(record, path);
  const actor = actorFromRecord(record, path);
  // Read in this order so that, of several broken fields, the first is the one reported.
  const eventId = requiredString(record, 'eventID', path);
  const eventTime = eventTimeOf(record, path);
  const account = accountOf(located);
  const region = regionOf(located);
  const details = detailsOf(located, eventName, error !== undefined, options);
  const change: SecurityGroupChange = {
    eventId,
    eventName,
    eventSource,
    eventTime,
    account,
    region,
    actor,
    ...(error ? unapplied(details) : details),
    byGuardrail: isGuardrailActor(actor, account, {
      guardrailRoleNames: options.guardrailRoleNames ?? DEFAULT_GUARDRAIL_ROLE_NAMES,
      guardrailSourceIdentity: options.guardrailSourceIdentity ?? DEFAULT_GUARDRAIL_SOURCE_IDENTITY,
    }),
  };
  if (error) change.error = error;
  return change;
}

export function parseEvent(input: unknown, options: ParseOptions = {}): ParseResult {
  try {
    return { ok: true, change: buildChange(input, options) };
  } catch (error) {
    if (error instanceof EventParseError) return { ok: false, error };
    if (error instanceof ShapeError) {
      return {
        ok: false,
        error: new EventParseError('malformed', error.path, error.problem, { cause: error }),
      };
    }
    // Not JSON at all (a getter that throws, a revoked proxy): still an answer, never a crash.
    return {
      ok: false,
      error: new EventParseError('malformed', '', 'the event could not be read', { cause: error }),
    };
  }
}

/** A change the hub logs and counts but does not act on: a failed call, or the guardrail's own. */
export function isSkippable(change: SecurityGroupChange): boolean {
  return change.error !== undefined || change.byGuardrail;
}

/** Why a change is skipped, for logs: `failed-call`, `own-call`, or undefined when it is not. */
export function skipReason(change: SecurityGroupChange): 'failed-call' | 'own-call' | undefined {
  if (change.error !== undefined) return 'failed-call';
  return change.byGuardrail ? 'own-call' : undefined;
}
