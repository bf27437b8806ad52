/**
 * The parser, fed anything, answers a well-formed change or an EventParseError: never a throw,
 * never a half-filled change with `undefined` inside.
 */
import fc from 'fast-check';
import { EventParseError, isRuleChange, isTagChange, type ParseResult, parseEvent } from '../../src/events';
import {
  EC2_EVENT_NAMES,
  EVENTS_EVENT_NAMES,
  IAM_EVENT_NAMES,
  TAGGING_EVENT_NAMES,
} from '../../src/events/catalog';
import type { SecurityGroupChange } from '../../src/events/types';
import type { Rule } from '../../src/rules/types';
import { fixture, fixtureNames, type Json } from './fixtures';

const RUNS = 2000;
const WATCHED = new Set<string>([
  ...EC2_EVENT_NAMES,
  ...TAGGING_EVENT_NAMES,
  ...EVENTS_EVENT_NAMES,
  ...IAM_EVENT_NAMES,
]);
const KINDS = new Set([
  'authorize',
  'revoke',
  'modify',
  'update-description',
  'create-group',
  'delete-group',
  'tag',
  'untag',
  'tamper',
  'prefix-list',
]);
const REASONS = new Set(['malformed', 'unsupported-event', 'not-a-security-group', 'not-guardrail-rule']);

const isText = (value: unknown) => typeof value === 'string' && value !== '';
const isInt = (value: unknown) => Number.isSafeInteger(value);

/** No own property anywhere holds `undefined` (absent is absent). */
function hasNoUndefined(value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'object' || value === null) return true;
  return Object.values(value).every(hasNoUndefined);
}

function isWellFormedRule(rule: Rule): boolean {
  const peer = rule.peer;
  const peerOk =
    (peer.kind === 'ipv4' && isText(peer.cidr)) ||
    (peer.kind === 'ipv6' && isText(peer.cidr)) ||
    (peer.kind === 'prefixList' && isText(peer.prefixListId)) ||
    (peer.kind === 'securityGroup' && isText(peer.groupId));
  return (
    (rule.direction === 'ingress' || rule.direction === 'egress') &&
    isText(rule.protocol) &&
    isInt(rule.fromPort) &&
    isInt(rule.toPort) &&
    peerOk &&
    (rule.ruleId === undefined || isText(rule.ruleId))
  );
}

const ENVELOPE_KEYS = [
  'eventId',
  'eventName',
  'eventSource',
  'eventTime',
  'account',
  'region',
  'actor',
  'byGuardrail',
];
/** The fields each member of the change union carries besides the envelope (and `error`, `direction`). */
const FAMILY_KEYS: Record<string, string[]> = {
  rule: ['groupIds', 'rulesAdded', 'rulesRemoved', 'ruleIdsRemoved', 'rulesModified'],
  tag: ['groupIds', 'tagsSet', 'tagKeysRemoved'],
  lifecycle: ['groupIds', 'tagsSet'],
  tamper: ['target'],
  'prefix-list': ['prefixListId'],
};
const OPTIONAL_KEYS = new Set(['error', 'direction']);

function familyOf(change: SecurityGroupChange): string {
  if (isRuleChange(change)) return 'rule';
  if (isTagChange(change)) return 'tag';
  if (change.kind === 'tamper' || change.kind === 'prefix-list') return change.kind;
  return 'lifecycle';
}

/** Exactly the keys of its member of the union: nothing of another member leaks in. */
function hasItsFamilyKeys(change: SecurityGroupChange): boolean {
  const expected = new Set(['kind', ...ENVELOPE_KEYS, ...(FAMILY_KEYS[familyOf(change)] ?? [])]);
  const keys = Object.keys(change).filter((key) => !OPTIONAL_KEYS.has(key));
  return keys.length === expected.size && keys.every((key) => expected.has(key));
}

function isWellFormedDetails(change: SecurityGroupChange): boolean {
  const strings = (list: unknown[]) => Array.isArray(list) && list.every(isText);
  const tagValues = (tags: Record<string, string>) => Object.values(tags).every((v) => typeof v === 'string');
  switch (change.kind) {
    case 'tamper':
      return isText(change.target.name) && (change.target.type === 'rule' || change.target.type === 'role');
    case 'prefix-list':
      return /^pl-[0-9a-f]+$/.test(change.prefixListId);
    case 'tag':
    case 'untag':
      return (
        strings(change.groupIds) &&
        tagValues(change.tagsSet) &&
        change.tagKeysRemoved.every((key) => typeof key === 'string')
      );
    case 'create-group':
    case 'delete-group':
      return strings(change.groupIds) && tagValues(change.tagsSet);
    default:
      return (
        strings(change.groupIds) &&
        change.rulesAdded.every(isWellFormedRule) &&
        change.rulesRemoved.every(isWellFormedRule) &&
        strings(change.ruleIdsRemoved) &&
        change.rulesModified.every((modified) => isText(modified.ruleId))
      );
  }
}

function isWellFormedChange(change: SecurityGroupChange): boolean {
  return (
    isText(change.eventId) &&
    WATCHED.has(change.eventName) &&
    isText(change.eventSource) &&
    !Number.isNaN(Date.parse(change.eventTime)) &&
    /^\d{12}$/.test(change.account) &&
    isText(change.region) &&
    KINDS.has(change.kind) &&
    isText(change.actor.type) &&
    typeof change.actor.viaConsole === 'boolean' &&
    isWellFormedDetails(change) &&
    hasItsFamilyKeys(change) &&
    typeof change.byGuardrail === 'boolean' &&
    (change.error === undefined || isText(change.error.code)) &&
    hasNoUndefined(change)
  );
}

/** The property itself: a well-formed change, or a typed error with a known reason and a path in its message. */
function answersProperly(input: unknown): boolean {
  let result: ParseResult;
  try {
    result = parseEvent(input);
  } catch {
    return false;
  }
  if (result.ok) return isWellFormedChange(result.change);
  const error = result.error;
  return (
    error instanceof EventParseError &&
    REASONS.has(error.reason) &&
    typeof error.path === 'string' &&
    error.message.startsWith(error.path || '(root)')
  );
}

/** Every path of a JSON value, as key lists (objects and arrays alike). */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [
    prefix,
    ...keys.flatMap((key) => pathsOf((value as Record<string | number, unknown>)[key], [...prefix, key])),
  ];
}

/** A copy of `event` with the value at `path` replaced (or removed when `replacement` is undefined). */
function mutate(event: Json, path: (string | number)[], replacement: unknown, remove: boolean): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(event) as Record<string | number, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (remove) delete target[last];
  else target[last] = replacement;
  return copy;
}

const names = fixtureNames();
const fixtures = new Map(names.map((name) => [name, fixture(name)]));
const mutation = fc.constantFrom(...names).chain((name) => {
  const event = fixtures.get(name) as Json;
  return fc.tuple(fc.constant(event), fc.constantFrom(...pathsOf(event)), fc.jsonValue(), fc.boolean());
});

describe('parseEvent (properties)', () => {
  it('answers anything at all (fc.anything)', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withMap: true, withSet: true }), answersProperly),
      {
        numRuns: RUNS,
      },
    );
  });

  it('answers any JSON value (fc.jsonValue)', () => {
    fc.assert(fc.property(fc.jsonValue(), answersProperly), { numRuns: RUNS });
  });

  it('answers fixtures with one value replaced or removed anywhere', () => {
    fc.assert(
      fc.property(mutation, ([event, path, replacement, remove]) =>
        answersProperly(mutate(event, path, replacement, remove)),
      ),
      { numRuns: RUNS },
    );
  });

  it('answers envelopes around arbitrary records with a watched name', () => {
    const record = fc.record({
      eventName: fc.constantFrom(...WATCHED),
      eventSource: fc.constantFrom('ec2.amazonaws.com', 'tagging.amazonaws.com', 'events.amazonaws.com'),
      eventID: fc.jsonValue(),
      eventTime: fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.jsonValue(),
      ),
      recipientAccountId: fc.oneof(fc.stringMatching(/^\d{12}$/), fc.jsonValue()),
      awsRegion: fc.jsonValue(),
      userIdentity: fc.oneof(fc.record({ type: fc.string() }), fc.jsonValue()),
      requestParameters: fc.jsonValue(),
      responseElements: fc.jsonValue(),
      errorCode: fc.option(fc.string(), { nil: undefined }),
    });
    fc.assert(
      fc.property(record, (detail) =>
        answersProperly({ 'detail-type': 'AWS API Call via CloudTrail', detail }),
      ),
      { numRuns: RUNS },
    );
  });

  it('is not swayed by fields it does not know: adding some never changes the answer', () => {
    const unknownKey = fc.string({ minLength: 1, maxLength: 8 }).map((key) => `x-${key}`);
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.dictionary(unknownKey, fc.jsonValue(), { maxKeys: 3 }),
        (name, extra) => {
          const event = fixtures.get(name) as Json;
          const withExtra = {
            ...event,
            ...extra,
            detail: { ...(event.detail as Json | undefined), ...extra },
          };
          const base = event.detail === undefined ? { ...event, ...extra } : withExtra;
          expect(parseEvent(base)).toEqual(parseEvent(event));
        },
      ),
      { numRuns: RUNS },
    );
  });
});
