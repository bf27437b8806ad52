/**
 * What became of a lock policy's baseline (docs/policies.md, "Lock policies"): a version set
 * (captured at opt-in, updated by a trusted principal's change, accepted with `guardrail baseline
 * accept`) is info, so the people who own the group see what the hub now holds it to. A baseline
 * the hub could not read (the group is not judged at all) or could not save (the group is judged
 * against what the table still holds) is high: the guard is not doing what the policy says.
 */
import { alertChange } from '../changes';
import { baselineSeverity } from '../severity';
import type {
  AlertBaseline,
  AlertDocument,
  AlertOutcome,
  BaselineEvent,
  BaselineIncident,
  Incident,
} from '../types';
import { groupName, noFindings, place, policyName } from './parts';
import type { DocumentOf, IncidentKindModule } from './types';

export function baselineIncident(input: Omit<BaselineIncident, 'kind'>): Incident {
  return { kind: 'baseline', ...input };
}

type BaselineDocument = DocumentOf<'baseline'>;

const OUTCOME: Record<BaselineEvent, AlertOutcome> = {
  captured: 'baseline-captured',
  updated: 'baseline-updated',
  accepted: 'baseline-accepted',
  unavailable: 'baseline-unavailable',
  unsaved: 'baseline-unsaved',
};

const SHORT_ARN = /^arn:[^:]+:(?:iam|sts)::\d*:(.+)$/;

/**
 * A principal as a subject names it: the session of an assumed role with its role
 * (`ci-deployer/build-42`), the name of a user or role without its path, `root`; anything that
 * is not an IAM or STS ARN as it is.
 */
export function principalShortName(principal: string): string {
  const resource = SHORT_ARN.exec(principal)?.[1];
  if (resource === undefined) return principal;
  const parts = resource.split('/');
  if (parts[0] === 'assumed-role' && parts.length > 2) return parts.slice(1).join('/');
  return parts[parts.length - 1] as string;
}

function facts(incident: BaselineIncident): AlertBaseline {
  const { event, baseline, previousVersion, by, error } = incident;
  const result: AlertBaseline = { event };
  if (baseline) {
    result.version = baseline.version;
    result.ruleCount = baseline.rules.length;
  }
  if (previousVersion !== undefined) result.previousVersion = previousVersion;
  const setBy = by ?? baseline?.setBy.principal;
  if (setBy !== undefined) result.setBy = setBy;
  if (baseline) result.setAt = baseline.setAt;
  if (baseline?.setBy.note !== undefined) result.note = baseline.setBy.note;
  if (error !== undefined) result.error = error;
  return result;
}

function ruleCount(count: number): string {
  return count === 1 ? '1 rule' : `${count} rules`;
}

/** "v3, 5 rules", or the part of it known. */
function tally({ version, ruleCount: count }: AlertBaseline): string {
  return [
    version === undefined ? undefined : `v${version}`,
    count === undefined ? undefined : ruleCount(count),
  ]
    .filter((part) => part !== undefined)
    .join(', ');
}

/** " (v3, 5 rules)", or nothing when neither is known. */
function tallied(baseline: AlertBaseline): string {
  const text = tally(baseline);
  return text === '' ? '' : ` (${text})`;
}

/** "version 3 (5 rules)", "version 3", or "a new version". */
function versionWords(baseline: AlertBaseline): string {
  const { version, ruleCount: count } = baseline;
  const what = version === undefined ? 'a new version' : `version ${version}`;
  return count === undefined ? what : `${what} (${ruleCount(count)})`;
}

function replacing({ previousVersion }: AlertBaseline): string {
  return previousVersion === undefined ? '' : `, replacing version ${previousVersion}`;
}

function setter({ setBy }: AlertBaseline): string {
  return setBy ?? 'an unknown principal';
}

function because({ error }: AlertBaseline): string {
  return error === undefined ? '' : ` (${error})`;
}

const CHECK_THE_TABLE = "Check the hub's state table and the hub's permissions on it.";

const INTRO: Record<BaselineEvent, (document: BaselineDocument) => string> = {
  captured: (document) => {
    const { baseline } = document;
    return (
      `Guardrail captured ${versionWords(baseline)} of the baseline of ${groupName(document.group)} under ` +
      `${policyName(document)}, set by ${setter(baseline)}: the group's rules as they are now. From now on ` +
      'it is kept exactly so: a rule added is revoked, a rule removed or a description changed is put back, ' +
      "unless one of the policy's trusted principals makes the change. A rule the policy's deny catches is " +
      'never kept in a baseline.'
    );
  },
  updated: (document) => {
    const { baseline } = document;
    return (
      `${setter(baseline)}, a trusted principal of ${policyName(document)}, changed ` +
      `${groupName(document.group)}: the change was accepted, not reverted. Baseline ${versionWords(baseline)} ` +
      `is now in force${replacing(baseline)}, and the next untrusted change is measured against it.`
    );
  },
  accepted: (document) => {
    const { baseline } = document;
    const note = baseline.note === undefined ? '' : `, with the reason ${JSON.stringify(baseline.note)}`;
    return (
      `${setter(baseline)} accepted the current rules of ${groupName(document.group)} as its baseline ` +
      `(guardrail baseline accept)${note}. Baseline ${versionWords(baseline)} is now in force under ` +
      `${policyName(document)}${replacing(baseline)}, and the next untrusted change is measured against it.`
    );
  },
  unavailable: (document) =>
    `The hub could not read the baseline of ${groupName(document.group)} under ${policyName(document)}` +
    `${because(document.baseline)}, so the group was not judged and nothing was changed. Until its baseline ` +
    'can be read again, changes to it are not reverted: a baseline that cannot be read is never taken for ' +
    `an empty one, nor for one that allows everything. ${CHECK_THE_TABLE}`,
  unsaved: (document) => {
    const { baseline } = document;
    const kept =
      baseline.previousVersion === undefined
        ? 'No baseline is kept for the group yet: it is not judged until one is saved (the next event or ' +
          'sweep captures it again).'
        : `The state table still holds version ${baseline.previousVersion}: until a new version is saved, the ` +
          'group is measured against it, and what this version accepted may be reverted as drift.';
    return (
      `The hub could not save ${versionWords(baseline)} of the baseline of ${groupName(document.group)} under ` +
      `${policyName(document)}${because(baseline)}. ${kept} ${CHECK_THE_TABLE}`
    );
  },
};

/** The baseline's facts, one line each, for the email (text.ts); none for the other kinds. */
export function baselineLines(document: AlertDocument): string[] {
  if (document.kind !== 'baseline') return [];
  const { event, version, previousVersion, ruleCount: count, setBy, setAt, note, error } = document.baseline;
  const lines: [string, string | number | undefined][] = [
    ['event', event],
    ['version', version],
    ['replaces version', previousVersion],
    ['rules', count],
    ['set by', setBy],
    ['set at', setAt],
    ['reason', note],
    ['error', error],
  ];
  return lines.filter(([, value]) => value !== undefined).map(([key, value]) => `- ${key}: ${value}`);
}

export const baseline: IncidentKindModule<'baseline'> = {
  document(incident, options) {
    const policy = incident.policy ?? incident.baseline?.policy;
    return {
      schemaVersion: 1,
      kind: 'baseline',
      severity: baselineSeverity(incident.event),
      outcome: OUTCOME[incident.event],
      ...place(incident.context, options),
      ...(policy === undefined ? {} : { policy }),
      changes: incident.changes.map(alertChange),
      ...noFindings(),
      baseline: facts(incident),
    };
  },
  subject(document) {
    const { baseline } = document;
    const id = document.group.groupId;
    switch (baseline.event) {
      case 'captured':
        return [{ text: `Baseline captured: ${id}` }, { text: tallied(baseline), shrink: 2, whole: true }];
      case 'updated':
      case 'accepted': {
        const version = baseline.version === undefined ? '' : ` (v${baseline.version})`;
        return [
          { text: `Baseline ${baseline.event} by ` },
          { text: principalShortName(setter(baseline)), shrink: 2, min: 8 },
          { text: `${version}: ${id}` },
        ];
      }
      case 'unavailable':
        return [{ text: `Baseline unavailable: ${id} not enforced` }];
      case 'unsaved':
        return [{ text: `Baseline not saved: ${id}` }, { text: tallied(baseline), shrink: 2, whole: true }];
    }
  },
  intro: (document) => INTRO[document.baseline.event](document),
};
