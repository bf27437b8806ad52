/** The pieces several incident kinds' documents and texts share. */
import type { Plan } from '../../plan/types';
import { alertChange } from '../changes';
import { securityGroupConsoleUrl } from '../console-link';
import type { AlertDocument, AlertDocumentBase, AlertGroup, ComposeOptions, IncidentContext } from '../types';

type Place = Pick<AlertDocumentBase, 'account' | 'region'> & { group: AlertGroup };

export function place(context: IncidentContext, options: ComposeOptions): Place {
  const { account, region, group } = context;
  return {
    account: { ...account },
    region,
    group: { ...group, consoleUrl: securityGroupConsoleUrl(region, group.groupId, options.consoleBaseUrl) },
  };
}

export function planFacts(
  plan: Plan,
): Pick<AlertDocumentBase, 'policy' | 'mode' | 'evaluatedAt' | 'changes'> {
  return {
    policy: plan.policy,
    mode: plan.mode,
    evaluatedAt: plan.evaluatedAt,
    changes: plan.changes.map(alertChange),
  };
}

/** Fresh arrays each time: a consumer appending to one document must not touch another. */
export function noFindings(): Pick<AlertDocumentBase, 'findings' | 'actions'> {
  return { findings: [], actions: [] };
}

export function groupName(group: AlertGroup): string {
  return `security group ${group.groupId}`;
}

export function policyName(document: AlertDocument): string {
  return document.policy ? `policy ${document.policy}` : 'its policy';
}

export function accountAndRegion(document: AlertDocument): string {
  return `account ${document.account.id}, ${document.region}`;
}

/** Who made the document's changes, one entry per principal, in the order they came. */
/** Who made the changes, the guardrail's own calls (its restores, which the loop guard re-checks) left out. */
export function changeActors(document: AlertDocument): string[] {
  const theirs = document.changes.filter((c) => !c.byGuardrail);
  return [...new Set(theirs.map((c) => c.actor.arn ?? `an unknown principal (${c.actor.type})`))];
}
