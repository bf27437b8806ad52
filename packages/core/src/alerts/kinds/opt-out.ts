/**
 * A group that left the policy the hub enforced on it: its opt-in tag taken away (or set to a
 * policy that does not exist), switched to another policy, or to audit mode. Nothing the guarded
 * people do switches enforcement off in silence: high, critical when the group then breaks the
 * policy it left, with those violations listed (not enforced: the group is no longer under it).
 */
import { assessPlan } from '../assess';
import { alertChange } from '../changes';
import type { AlertDocument, Incident, IncidentContext, OptOutFacts, Severity } from '../types';
import { changeActors, groupName, place } from './parts';
import type { IncidentKindModule } from './types';

export function optOutIncident(context: IncidentContext, facts: OptOutFacts): Incident {
  return { kind: 'opt-out', context, ...facts };
}

type OptOutDocument = Extract<AlertDocument, { kind: 'opt-out' }>;

function standing(to: OptOutDocument['optOut']['to']): string {
  if (to.misconfiguration !== undefined) return `misconfigured (${to.misconfiguration}): nothing is enforced`;
  if (to.policy === undefined) return 'not opted in: nothing is enforced';
  return `under ${to.policy}${to.mode ? ` in ${to.mode} mode` : ''}`;
}

function who(document: OptOutDocument): string {
  const actors = changeActors(document);
  return actors.length > 0 ? actors.join(', ') : 'a change the hub did not see (found by a sweep)';
}

function lead({ followUp, restore }: OptOutDocument['optOut']): string {
  if (restore?.status === 'restored') return 'Opt-out undone:';
  return followUp ? 'Opted-out' : 'Opt-out:';
}

function tagText(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}

export const optOut: IncidentKindModule<'opt-out'> = {
  document(incident, options) {
    const { from, to, left, followUp, restore } = incident;
    const restored = restore?.status === 'restored';
    const { findings, actions } = assessPlan(left, [], {
      skipReason: restored
        ? `enforced again once the opt-in was restored: see the group's remediation alert`
        : `not enforced: the group left ${from.policy}`,
    });
    const severity: Severity = left.violations.length > 0 ? 'critical' : 'high';
    return {
      schemaVersion: 1,
      kind: 'opt-out',
      severity,
      outcome: restored ? 'opt-in-restored' : 'opted-out',
      ...place(incident.context, options),
      policy: from.policy,
      mode: from.mode,
      evaluatedAt: left.evaluatedAt,
      changes: incident.changes.map(alertChange),
      findings,
      actions,
      optOut: { from, to, followUp, ...(restore ? { restore } : {}) },
    };
  },
  subject(document) {
    const { from, to, restore } = document.optOut;
    const now =
      restore?.status === 'restored'
        ? 'opt-in restored'
        : to.policy === undefined
          ? 'opted out'
          : to.policy === from.policy
            ? `now ${to.mode}`
            : `now ${to.policy}`;
    return [
      { text: `${lead(document.optOut)} ${document.group.groupId} left ` },
      { text: from.policy, shrink: 2, min: 8 },
      // Where it went gives way first, whole: the body says it.
      { text: ` (${now})`, shrink: 1, whole: true },
    ];
  },
  intro(document) {
    const { from, to, followUp, restore } = document.optOut;
    const broken = document.findings.length;
    const against =
      broken > 0
        ? `Against ${from.policy} it now has ${broken === 1 ? '1 violation' : `${broken} violations`}, listed below, which nothing enforces.`
        : `It does not break ${from.policy} yet.`;
    if (followUp)
      return (
        `${groupName(document.group)} left ${from.policy} before and is ${standing(to)}. ${who(document)} changed it ` +
        `again. ${against}`
      );
    const out = `${who(document)} took ${groupName(document.group)} out of ${from.policy} (${from.mode} mode)`;
    if (restore?.status === 'restored')
      return (
        `${out} (it would be ${standing(to)}). ${from.policy} is sticky (optOut: restore): the hub put ` +
        `${tagText(restore.tags)} back and enforces ${from.policy} again; what breaks it is reverted and alerted ` +
        `on its own. To take a group off a sticky policy, change the policy file.`
      );
    const failed =
      restore?.status === 'failed'
        ? ` ${from.policy} is sticky (optOut: restore), but the hub could not put ${tagText(restore.tags)} back ` +
          `(${restore.code}: ${restore.message}).`
        : '';
    return (
      `${out}: it is now ${standing(to)}.${failed} ${against} Put the opt-in tag back, or confirm the opt-out ` +
      `was intended.`
    );
  },
};
