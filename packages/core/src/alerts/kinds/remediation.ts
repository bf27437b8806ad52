/**
 * A managed group's plan and what became of its actions: reverted, restored, failed, or (audit
 * mode) only reported. Rated by its findings (severity.ts).
 */
import type { Plan } from '../../plan/types';
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

function lead(document: RemediationDocument): SubjectPiece[] {
  const finding = headlineFinding(document.findings);
  if (!finding) return [{ text: 'Remediation failed' }];
  const fix = finding.code === 'missing-required' ? 'restore' : 'revert';
  const verbs: Record<string, string> = {
    remediated: fix === 'restore' ? 'Restored' : 'Reverted',
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
};

export const remediation: IncidentKindModule<'remediation'> = {
  document(incident, options) {
    const { plan, outcomes, context, completedAt } = incident;
    // A misconfigured group is never changed, but its owner must hear about it.
    if (plan.misconfiguration !== undefined) return misconfiguredDocument(plan, context, options);
    if (!plan.managed) return undefined;
    const assessment = assessPlan(plan, outcomes, { completedAt });
    const failed = assessment.actions.some((action) => action.status === 'failed');
    if (assessment.findings.length === 0 && !failed) return undefined;
    return {
      schemaVersion: 1,
      kind: 'remediation',
      severity: remediationSeverity(plan.mode, assessment),
      outcome: remediationOutcome(plan, assessment),
      ...place(context, options),
      ...planFacts(plan),
      completedAt,
      findings: assessment.findings,
      actions: assessment.actions,
      exposure: assessment.exposure,
    };
  },
  subject: (document) => [...lead(document), { text: ` on ${document.group.groupId}` }],
  intro: (document) => (INTRO[document.outcome] as (d: RemediationDocument) => string)(document),
};
