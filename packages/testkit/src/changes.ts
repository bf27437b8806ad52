/**
 * Change builders, one per member of the change union: a parsed CloudTrail event in one line, for
 * the planner, alerts and the engine. Each starts from an IAM user's call in MEMBER_ACCOUNT on
 * GROUP_ID (tamper: on the forwarding rule); tests set what they need in `overrides`.
 */
import {
  type ChangeEnvelope,
  type GroupLifecycleChange,
  GUARDRAIL_NAMES,
  type RuleChange,
  type TagChange,
  type TamperChange,
} from '@guardrail/core';
import { GROUP_ID, MEMBER_ACCOUNT, REGION } from './defaults';

function envelope(eventName: ChangeEnvelope['eventName'], eventSource = 'ec2.amazonaws.com'): ChangeEnvelope {
  return {
    eventId: 'evt-1',
    eventName,
    eventSource,
    eventTime: '2026-06-01T00:00:00Z',
    account: MEMBER_ACCOUNT,
    region: REGION,
    actor: { type: 'IAMUser', viaConsole: false },
    byGuardrail: false,
  };
}

/** AuthorizeSecurityGroupIngress on GROUP_ID, adding nothing yet (set `rulesAdded`, `kind`, ...). */
export function ruleChange(overrides: Partial<RuleChange> = {}): RuleChange {
  return {
    ...envelope('AuthorizeSecurityGroupIngress'),
    kind: 'authorize',
    groupIds: [GROUP_ID],
    direction: 'ingress',
    rulesAdded: [],
    rulesRemoved: [],
    ruleIdsRemoved: [],
    rulesModified: [],
    ...overrides,
  };
}

/** CreateTags on GROUP_ID, setting nothing yet (set `tagsSet`; for DeleteTags `kind: 'untag'`). */
export function tagChange(overrides: Partial<TagChange> = {}): TagChange {
  return {
    ...envelope('CreateTags'),
    kind: 'tag',
    groupIds: [GROUP_ID],
    tagsSet: {},
    tagKeysRemoved: [],
    ...overrides,
  };
}

/** CreateSecurityGroup of GROUP_ID, untagged (for DeleteSecurityGroup `kind: 'delete-group'`). */
export function groupLifecycleChange(overrides: Partial<GroupLifecycleChange> = {}): GroupLifecycleChange {
  return {
    ...envelope('CreateSecurityGroup'),
    kind: 'create-group',
    groupIds: [GROUP_ID],
    tagsSet: {},
    ...overrides,
  };
}

/** DisableRule on the member forwarding rule. */
export function tamperChange(overrides: Partial<TamperChange> = {}): TamperChange {
  return {
    ...envelope('DisableRule', 'events.amazonaws.com'),
    kind: 'tamper',
    target: { type: 'rule', name: GUARDRAIL_NAMES.forwardingRule },
    ...overrides,
  };
}

/** What a suite fixes for all its changes: the envelope, and the groups of the group changes. */
export type SuiteChangeDefaults = Partial<ChangeEnvelope> & { groupIds?: string[] };

/** A suite's builders: called, a rule change; `.tag`, `.lifecycle`, `.tamper` for the other members. */
export interface ChangeBuilder {
  (overrides?: Partial<RuleChange>): RuleChange;
  tag(overrides?: Partial<TagChange>): TagChange;
  lifecycle(overrides?: Partial<GroupLifecycleChange>): GroupLifecycleChange;
  tamper(overrides?: Partial<TamperChange>): TamperChange;
}

/** The suite's defaults (evaluated on every call) over the kit's, the call's overrides last. */
export function changeBuilder(defaults: () => SuiteChangeDefaults): ChangeBuilder {
  const rule = (overrides: Partial<RuleChange> = {}) => ruleChange({ ...defaults(), ...overrides });
  return Object.assign(rule, {
    tag: (overrides: Partial<TagChange> = {}) => tagChange({ ...defaults(), ...overrides }),
    lifecycle: (overrides: Partial<GroupLifecycleChange> = {}) =>
      groupLifecycleChange({ ...defaults(), ...overrides }),
    tamper: (overrides: Partial<TamperChange> = {}) => {
      // A tamper call names no group: the suite's groups are not carried over.
      const { groupIds: _groups, ...envelopeDefaults } = defaults();
      return tamperChange({ ...envelopeDefaults, ...overrides });
    },
  });
}
