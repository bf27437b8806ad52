/**
 * A managed group's plan and what became of its actions: reverted, restored, failed, found
 * already done by someone else, or (audit mode) only reported. Rated by what its findings
 * exposed, in every mode (severity.ts); the outcome says what was done.
 */
import type { Plan } from '../../plan/types';
import { describeRule } from '../../rules/describe';
import { assessPlan, remediationOutcome } from '../assess';
import { remediationSeverity } from '../severity';
import { headlineFinding, type SubjectPiece } from '../subject-fit';
import type { ActionOutcome, Incident, IncidentContext } from '../types';
import { misconfiguredDocument } from './misconfigured';
import { groupName, place, planFacts, policyName } from './parts';
import type { DocumentOf, IncidentKindModule } from './types';

export function remediationIncident(
  plan: Plan,
  outcomes: ActionOutcome[],
  context: IncidentContext,
  completedAt: string,
): Incident {
  return { kind: 'remediation', plan, outcomes, context, completedAt };
}

type RemediationDocument = DocumentOf<'remediation'>;

/** The subject's verb for the headline finding, by its code. */
const FIX: Record<RemediationDocument['findings'][number]['code'], { fix: string; done: string }> = {
  denied: { fix: 'revert', done: 'Reverted' },
  'not-allowed': { fix: 'revert', done: 'Reverted' },
  'missing-required': { fix: 'restore', done: 'Restored' },
  modified: { fix: 'restore description of', done: 'Restored description of' },
};

function lead(document: RemediationDocument): SubjectPiece[] {
  const finding = headlineFinding(document.findings);
  const lists = document.unverifiable?.map((u) => u.prefixListId);
  // Nothing found, and lists that could not be read: what the alert is about.
  if (lists && !finding)
    return [{ text: 'Cannot verify ' }, { text: `prefix list ${lists.join(', ')}`, shrink: 3, min: 12 }];
  if (!finding) return [{ text: 'Remediation failed' }];
  const { fix, done } = FIX[finding.code];
  const verbs: Record<string, string> = {
    remediated: done,
    'partially-remediated': `Partial: failed to ${fix}`,
    failed: `Failed to ${fix}`,
    audit: `Audit: would ${fix}`,
  };
  const more = document.findings.length - 1;
  return [
    { text: `${verbs[document.outcome]} ` },
    { text: finding.rule, shrink: 3, min: 12 },
    { text: more > 0 ? ` (+${more} more)` : '', shrink: 2, whole: true },
  ];
}

const INTRO: Record<string, (document: RemediationDocument) => string> = {
  remediated: (d) => `Guardrail brought ${groupName(d.group)} back to ${policyName(d)}.`,
  'partially-remediated': (d) =>
    `Guardrail brought ${groupName(d.group)} only partly back to ${policyName(d)}: some actions failed or were not ` +
    'attempted, so the group still breaks its policy.',
  failed: (d) =>
    `Guardrail could not bring ${groupName(d.group)} back to ${policyName(d)}: the group still breaks it.`,
  audit: (d) =>
    `${groupName(d.group)} breaks ${policyName(d)}. The policy is in audit mode: nothing was changed.`,
  unverifiable: (d) =>
    `Guardrail could not read a prefix list that rules of ${groupName(d.group)} reference, so it cannot tell ` +
    `whether they break ${policyName(d)}: they were judged as references only. Nothing was changed.`,
};

export const remediation: IncidentKindModule<'remediation'> = {
  document(incident, options) {
    const { plan, outcomes, context, completedAt } = incident;
    // A misconfigured group is never changed, but its owner must hear about it.
    if (plan.misconfiguration !== undefined) return misconfiguredDocument(plan, context, options);
    if (!plan.managed) return undefined;
    const assessment = assessPlan(plan, outcomes, { completedAt });
    const failed = assessment.actions.some((action) => action.status === 'failed');
    // Nothing to say: a compliant group, or one whose every fix another hub instance or a person
    // had already made (the one that made it alerts).
    const ours = assessment.findings.filter((f) => f.decision !== 'already-applied');
    // A list that could not be read is never passed in silence, even when nothing else is wrong.
    const unverifiable = (plan.unverifiable ?? []).map(({ prefixListId, reason, rules }) => ({
      prefixListId,
      reason,
      rules: rules.map(describeRule),
    }));
    if (ours.length === 0 && !failed) {
      if (unverifiable.length === 0) return undefined;
      return {
        schemaVersion: 1,
        kind: 'remediation',
        // What it exposes cannot be told: never "nothing exposed".
        severity: 'medium',
        outcome: 'unverifiable',
        ...place(context, options),
        ...planFacts(plan),
        completedAt,
        findings: [],
        actions: [],
        unverifiable,
      };
    }
    return {
      schemaVersion: 1,
      kind: 'remediation',
      severity: remediationSeverity(assessment),
      outcome: remediationOutcome(plan, assessment),
      ...place(context, options),
      ...planFacts(plan),
      completedAt,
      findings: assessment.findings,
      actions: assessment.actions,
      exposure: assessment.exposure,
      ...(unverifiable.length > 0 ? { unverifiable } : {}),
    };
  },
  subject: (document) => [...lead(document), { text: ` on ${document.group.groupId}` }],
  intro: (document) => (INTRO[document.outcome] as (d: RemediationDocument) => string)(document),
};
