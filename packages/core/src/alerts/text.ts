/**
 * The alert as an email a person reads: what happened in one paragraph, the facts, what changed
 * and who did it, then every finding with the decision taken and its outcome.
 */
import { formatDuration } from './exposure';
import { oneLine } from './strings';
import type {
  AlertAction,
  AlertActor,
  AlertChange,
  AlertDocument,
  AlertFinding,
  AlertGroup,
  Decision,
} from './types';

type RemediationDocument = Extract<AlertDocument, { kind: 'remediation' }>;

function groupName(group: AlertGroup): string {
  return `security group ${group.groupId}`;
}

function policyName(document: AlertDocument): string {
  return document.policy ? `policy ${document.policy}` : 'its policy';
}

const REMEDIATION_INTRO: Record<string, (document: RemediationDocument) => string> = {
  remediated: (d) => `Guardrail brought ${groupName(d.group)} back to ${policyName(d)}.`,
  'partially-remediated': (d) =>
    `Guardrail brought ${groupName(d.group)} only partly back to ${policyName(d)}: some actions failed or were not ` +
    'attempted, so the group still breaks its policy.',
  failed: (d) =>
    `Guardrail could not bring ${groupName(d.group)} back to ${policyName(d)}: the group still breaks it.`,
  audit: (d) =>
    `${groupName(d.group)} breaks ${policyName(d)}. The policy is in audit mode: nothing was changed.`,
};

function intro(document: AlertDocument): string {
  const where = `account ${document.account.id}, ${document.region}`;
  switch (document.kind) {
    case 'remediation':
      return (REMEDIATION_INTRO[document.outcome] as (d: RemediationDocument) => string)(document);
    case 'misconfigured':
      return (
        `${groupName(document.group)} is opted in to the guardrail, but its tags are not valid: ` +
        `${document.misconfiguration}. The guardrail will not change this group until its tags are fixed.`
      );
    case 'account-error': {
      const { reason, code } = document.accountError;
      return (
        `Guardrail could not act in ${where}: ${reason}${code ? ` (${code})` : ''}. Security group changes ` +
        'there are not enforced until this is fixed: check that the account is an active member of the ' +
        'organization and that the remediation role exists and trusts the hub.'
      );
    }
    case 'contested': {
      const { remediations, windowMinutes } = document.contested;
      return (
        `Guardrail remediated ${groupName(document.group)} ${remediations} times within ${windowMinutes} minutes: ` +
        'another tool or person keeps re-applying the change. Remediation of this group is paused ' +
        `(circuit breaker), so it may still break ${policyName(document)}. Find who re-applies the change.`
      );
    }
    case 'tamper':
      return (
        `Someone called ${document.tamper.eventName} on the guardrail's forwarding rule ` +
        `${document.tamper.ruleName ?? '(name not recorded)'} in ${where}. Until the rule is restored, ` +
        'security group changes there may go unseen by the guardrail (periodic sweeps still run).'
      );
    case 'group-deleted':
      return `${groupName(document.group)}, guarded by the guardrail, was deleted.`;
  }
}

function facts(document: AlertDocument): string[] {
  const { account, group, exposure } = document;
  const entries: [string, string | undefined][] = [
    ['Severity', document.severity],
    ['Outcome', document.outcome],
    ['Account', account.name ? `${account.id} (${account.name})` : account.id],
    ['Region', document.region],
    [
      'Group',
      group &&
        [group.groupId, group.groupName && `(${group.groupName})`, group.vpcId && `in ${group.vpcId}`]
          .filter(Boolean)
          .join(' '),
    ],
    ['Policy', document.policy && `${document.policy}${document.mode ? `, ${document.mode} mode` : ''}`],
    [
      'Exposure',
      exposure && `${formatDuration(exposure.seconds)} (from ${exposure.from} until ${exposure.to})`,
    ],
    ['Evaluated', document.evaluatedAt],
    ['Completed', document.completedAt],
    ['Console', group?.consoleUrl],
  ];
  return entries
    .filter((entry): entry is [string, string] => Boolean(entry[1]))
    .map(([key, value]) => `${`${key}:`.padEnd(11)}${value}`);
}

function actorLines(actor: AlertActor): string[] {
  const where = `from ${actor.sourceIp ?? 'an unknown address'}, ${actor.viaConsole ? 'in the AWS console' : 'not via the console'}`;
  return [
    `by ${actor.arn ?? 'an unknown principal'} (${actor.type})`,
    where,
    ...(actor.sessionIssuerArn ? [`role ${actor.sessionIssuerArn}`] : []),
    ...(actor.sourceIdentity ? [`source identity ${actor.sourceIdentity}`] : []),
    ...(actor.userAgent ? [`user agent ${actor.userAgent}`] : []),
  ];
}

function changeLines(change: AlertChange): string[] {
  return [
    `- ${change.eventName} at ${change.eventTime} (event ${change.eventId})`,
    ...actorLines(change.actor).map((line) => `  ${line}`),
    ...(change.byGuardrail ? ['  (a call by the guardrail itself)'] : []),
    ...(change.error
      ? [
          `  the call failed (${change.error.code}${change.error.message ? `: ${change.error.message}` : ''}): it changed nothing`,
        ]
      : []),
    ...change.details.map((detail) => `  * ${detail}`),
  ];
}

const DECISION_WORDS: Record<Decision, (finding: AlertFinding) => string> = {
  reverted: (f) =>
    `reverted${f.completedAt ? ` at ${f.completedAt}` : ''}${f.exposure ? ` (exposed for ${formatDuration(f.exposure.seconds)})` : ''}`,
  restored: (f) => `restored${f.completedAt ? ` at ${f.completedAt}` : ''}`,
  'audit-only': () => 'audit only: not changed',
  failed: (f) => `failed: ${f.error}`,
  skipped: (f) => `not attempted: ${f.error}`,
  'not-planned': (f) => `not acted on: ${f.error}`,
};

function findingLines(finding: AlertFinding, index: number): string[] {
  const what = finding.code === 'missing-required' ? `missing required rule ${finding.rule}` : finding.rule;
  const id = finding.ruleId ? ` (${finding.ruleId})` : '';
  const cause =
    finding.cause === 'change'
      ? `brought by this change${finding.eventId ? ` (event ${finding.eventId})` : ''}`
      : 'pre-existing drift';
  return [
    `${index + 1}. ${what}${id}: ${cause}`,
    `   why: ${finding.reason}`,
    `   outcome: ${DECISION_WORDS[finding.decision](finding)}`,
  ];
}

function actionLine(action: AlertAction): string {
  const id = action.ruleId ? ` (${action.ruleId})` : '';
  const when = action.completedAt ? ` at ${action.completedAt}` : '';
  const why = action.error ? `: ${action.error}` : '';
  return `- ${action.type} ${action.direction} ${action.rules.join(', ')}${id}: ${action.status}${when}${why}`;
}

function section(title: string, lines: string[]): string[] {
  return lines.length > 0 ? ['', title, ...lines] : [];
}

/** The text body; every value is forced onto its line (no forged lines from event fields). */
export function alertText(document: AlertDocument, subject: string): string {
  const lines = [
    subject,
    '',
    intro(document),
    '',
    ...facts(document),
    ...section('What changed', document.changes.flatMap(changeLines)),
    ...section('Findings and what was done', document.findings.flatMap(findingLines)),
    ...section('Actions', document.actions.map(actionLine)),
  ];
  return `${lines.map(oneLine).join('\n')}\n`;
}
