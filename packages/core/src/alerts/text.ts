/**
 * The alert as an email a person reads: what happened in one paragraph, the facts, what changed
 * and who did it, then every finding with the decision taken and its outcome.
 */
import { formatDuration } from './exposure';
import { baselineLines } from './kinds/baseline';
import { forwardingProblemLines } from './kinds/forwarding';
import { kindModule } from './kinds/registry';
import { sweepUnreadableLines } from './kinds/sweep';
import { oneLine } from './strings';
import type { AlertAction, AlertActor, AlertChange, AlertDocument, AlertFinding, Decision } from './types';

function intro(document: AlertDocument): string {
  return kindModule(document.kind).intro(document);
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

/** What someone else had already done about a finding, by its code. */
const ALREADY: Record<AlertFinding['code'], string> = {
  denied: 'removed',
  'not-allowed': 'removed',
  'missing-required': 'present again',
  modified: 'put back',
};

/** A finding's rule in words, by its code. */
const WHAT: Record<AlertFinding['code'], (rule: string) => string> = {
  denied: (rule) => rule,
  'not-allowed': (rule) => rule,
  'missing-required': (rule) => `missing required rule ${rule}`,
  modified: (rule) => `description changed on ${rule}`,
};

const DECISION_WORDS: Record<Decision, (finding: AlertFinding) => string> = {
  reverted: (f) =>
    `reverted${f.completedAt ? ` at ${f.completedAt}` : ''}${f.exposure ? ` (exposed for ${formatDuration(f.exposure.seconds)})` : ''}`,
  restored: (f) => `restored${f.completedAt ? ` at ${f.completedAt}` : ''}`,
  // Not this hub's fix (another hub instance or a person made it first): no verb of its own.
  'already-applied': (f) =>
    `already ${ALREADY[f.code]} when this hub acted${f.completedAt ? ` (${f.completedAt})` : ''}: ` +
    'done by someone else (another guardrail instance or a person), not by this hub',
  'audit-only': () => 'audit only: not changed',
  failed: (f) => `failed: ${f.error}`,
  skipped: (f) => `not attempted: ${f.error}`,
  'not-planned': (f) => `not acted on: ${f.error}`,
};

function findingLines(finding: AlertFinding, index: number): string[] {
  const what = WHAT[finding.code](finding.rule);
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
  const to =
    action.description === undefined
      ? ''
      : action.description === ''
        ? ' to no description'
        : ` to ${JSON.stringify(action.description)}`;
  return `- ${action.type} ${action.direction} ${action.rules.join(', ')}${id}${to}: ${action.status}${when}${why}`;
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
    ...section('Forwarding problems', forwardingProblemLines(document)),
    ...section('Baseline', baselineLines(document)),
    ...section('Accounts not read or skipped', sweepUnreadableLines(document)),
    ...section(
      'Prefix lists that could not be read',
      (document.kind === 'remediation' ? (document.unverifiable ?? []) : []).map(
        (u) => `- ${u.prefixListId}: ${u.reason}; rules judged as references only: ${u.rules.join(', ')}`,
      ),
    ),
  ];
  return `${lines.map(oneLine).join('\n')}\n`;
}
