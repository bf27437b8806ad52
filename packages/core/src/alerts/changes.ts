/** The triggering changes in words, for the "what changed" part of an alert. */
import { groupIdsOf } from '../events/change-kinds';
import type { Actor, RuleChange, SecurityGroupChange } from '../events/types';
import { describeRule } from '../rules/describe';
import type { Rule } from '../rules/types';
import type { AlertActor, AlertChange } from './types';

/** Copies the actor field by field: whatever else a parser may attach never reaches an alert. */
export function alertActor(actor: Actor): AlertActor {
  const {
    arn,
    type,
    accountId,
    principalId,
    sessionIssuerArn,
    sourceIdentity,
    sourceIp,
    userAgent,
    viaConsole,
  } = actor;
  return {
    arn,
    type,
    accountId,
    principalId,
    sessionIssuerArn,
    sourceIdentity,
    sourceIp,
    userAgent,
    viaConsole,
  };
}

/** "tcp 22 from 0.0.0.0/0 (sgr-1, "vendor access")": the rule, its id and description when known. */
export function ruleInWords(rule: Rule): string {
  const notes = [rule.ruleId, rule.description === undefined ? undefined : `"${rule.description}"`].filter(
    (note) => note !== undefined,
  );
  const words = describeRule(rule);
  return notes.length > 0 ? `${words} (${notes.join(', ')})` : words;
}

function ruleLines(change: RuleChange): string[] {
  const removedIds = new Set(change.rulesRemoved.map((rule) => rule.ruleId));
  return [
    ...change.rulesAdded.map((rule) => `added ${ruleInWords(rule)}`),
    ...change.rulesRemoved.map((rule) => `removed ${ruleInWords(rule)}`),
    ...change.ruleIdsRemoved.filter((id) => !removedIds.has(id)).map((id) => `removed rule ${id}`),
    ...change.rulesModified.map((modified) =>
      modified.rule
        ? `modified ${modified.ruleId} to ${ruleInWords({ ...modified.rule, ruleId: undefined })}`
        : `modified ${modified.ruleId}`,
    ),
  ];
}

function tagLines(tagsSet: Record<string, string>, keysRemoved: readonly string[] = []): string[] {
  return [
    ...Object.entries(tagsSet).map(([key, value]) => `set tag ${key}=${value}`),
    ...keysRemoved.map((key) => `removed tag ${key}`),
  ];
}

function lines(change: SecurityGroupChange): string[] {
  switch (change.kind) {
    case 'tamper':
      return [`${change.eventName} on ${change.target.type} ${change.target.name}`];
    case 'prefix-list':
      return [`${change.eventName} on prefix list ${change.prefixListId}`];
    case 'create-group':
      return ['created the group', ...tagLines(change.tagsSet)];
    case 'delete-group':
      return ['deleted the group'];
    case 'tag':
    case 'untag':
      return tagLines(change.tagsSet, change.tagKeysRemoved);
    default:
      return ruleLines(change);
  }
}

/** Every rule and tag change of one event, one line each; at least one line per event. */
export function changeDetails(change: SecurityGroupChange): string[] {
  const details = lines(change);
  return details.length > 0 ? details : [`called ${change.eventName}`];
}

export function alertChange(change: SecurityGroupChange): AlertChange {
  return {
    eventId: change.eventId,
    eventName: change.eventName,
    eventTime: change.eventTime,
    kind: change.kind,
    groupIds: [...groupIdsOf(change)],
    actor: alertActor(change.actor),
    details: changeDetails(change),
    ...(change.error ? { error: { ...change.error } } : {}),
    byGuardrail: change.byGuardrail,
  };
}
