/**
 * The alert document: every fact of an incident, machine-readable (schemaVersion 1). Subject,
 * text and attributes are rendered from it, so the three can never disagree.
 */
import type { Plan } from '../plan/types';
import { assessPlan, remediationOutcome } from './assess';
import { alertChange } from './changes';
import { securityGroupConsoleUrl } from './console-link';
import { contestedSeverity, INCIDENT_SEVERITY, remediationSeverity } from './severity';
import type {
  AlertDocument,
  AlertDocumentBase,
  AlertGroup,
  ComposeOptions,
  Incident,
  IncidentContext,
} from './types';

type Place = Pick<AlertDocumentBase, 'account' | 'region'> & { group: AlertGroup };

function place(context: IncidentContext, options: ComposeOptions): Place {
  const { account, region, group } = context;
  return {
    account: { ...account },
    region,
    group: { ...group, consoleUrl: securityGroupConsoleUrl(region, group.groupId, options.consoleBaseUrl) },
  };
}

function planFacts(plan: Plan): Pick<AlertDocumentBase, 'policy' | 'mode' | 'evaluatedAt' | 'changes'> {
  return {
    policy: plan.policy,
    mode: plan.mode,
    evaluatedAt: plan.evaluatedAt,
    changes: plan.changes.map(alertChange),
  };
}

/** Fresh arrays each time: a consumer appending to one document must not touch another. */
function noFindings(): Pick<AlertDocumentBase, 'findings' | 'actions'> {
  return { findings: [], actions: [] };
}

function misconfigured(plan: Plan, context: IncidentContext, options: ComposeOptions): AlertDocument {
  return {
    schemaVersion: 1,
    kind: 'misconfigured',
    severity: INCIDENT_SEVERITY.misconfigured,
    outcome: 'misconfigured',
    ...place(context, options),
    ...planFacts(plan),
    ...noFindings(),
    misconfiguration: plan.misconfiguration ?? 'the guardrail tags on this group are not valid',
  };
}

/** The document of an incident; undefined when there is nothing worth a message. */
export function alertDocument(incident: Incident, options: ComposeOptions = {}): AlertDocument | undefined {
  switch (incident.kind) {
    case 'remediation': {
      const { plan, outcomes, context, completedAt } = incident;
      // A misconfigured group is never changed, but its owner must hear about it.
      if (plan.misconfiguration !== undefined) return misconfigured(plan, context, options);
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
    }
    case 'misconfigured':
      return misconfigured(incident.plan, incident.context, options);
    case 'account-error':
      return {
        schemaVersion: 1,
        kind: 'account-error',
        severity: INCIDENT_SEVERITY['account-error'],
        outcome: 'account-error',
        account: { ...incident.account },
        region: incident.region,
        changes: incident.changes.map(alertChange),
        ...noFindings(),
        accountError: { reason: incident.reason, code: incident.code },
      };
    case 'contested': {
      const { plan, remediations, windowMinutes } = incident;
      const skipReason = `paused by the circuit breaker after ${remediations} remediations in ${windowMinutes} minutes`;
      const { findings, actions } = assessPlan(plan, [], { skipReason });
      return {
        schemaVersion: 1,
        kind: 'contested',
        severity: contestedSeverity({ findings }),
        outcome: 'contested',
        ...place(incident.context, options),
        ...planFacts(plan),
        findings,
        actions,
        contested: { remediations, windowMinutes },
      };
    }
    case 'tamper': {
      const { change } = incident;
      return {
        schemaVersion: 1,
        kind: 'tamper',
        severity: INCIDENT_SEVERITY.tamper,
        outcome: 'tamper',
        account: { id: change.account },
        region: change.region,
        changes: [alertChange(change)],
        ...noFindings(),
        tamper: { eventName: change.eventName, ruleName: change.ruleName },
      };
    }
    case 'group-deleted':
      return {
        schemaVersion: 1,
        kind: 'group-deleted',
        severity: INCIDENT_SEVERITY['group-deleted'],
        outcome: 'group-deleted',
        ...place(incident.context, options),
        changes: incident.changes.map(alertChange),
        ...noFindings(),
      };
  }
}
