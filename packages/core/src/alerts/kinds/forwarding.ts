/**
 * The forwarding health check's verdict on one member account x region (design.md section 7):
 * Guardrail's member rules, their hub target and the member dead-letter queue as deployed, or
 * what differs (core/forwarding assessForwarding). A known break blinds the guard there like
 * tampering does: critical, outcome `forwarding-broken`. Reads that failed with nothing known
 * broken: high, `forwarding-unverified`. The break repaired: info, `forwarding-resolved`.
 */
import type { ForwardingProblem } from '../../forwarding/types';
import { forwardingSeverity } from '../severity';
import type { AlertDocument, AlertOutcome, ForwardingStatus, Incident } from '../types';
import { accountAndRegion, noFindings } from './parts';
import type { DocumentOf, IncidentKindModule } from './types';

export function forwardingIncident(check: {
  account: string;
  accountName?: string | undefined;
  region: string;
  status: ForwardingStatus;
  problems: ForwardingProblem[];
  checkedAt: string;
}): Incident {
  const { account, accountName, region, status, problems, checkedAt } = check;
  return {
    kind: 'forwarding',
    account: accountName === undefined ? { id: account } : { id: account, name: accountName },
    region,
    status,
    problems,
    checkedAt,
  };
}

type ForwardingDocument = DocumentOf<'forwarding'>;

function known(problems: readonly ForwardingProblem[]): boolean {
  return problems.some((problem) => problem.code !== 'unreadable');
}

function outcomeOf(status: ForwardingStatus, problems: readonly ForwardingProblem[]): AlertOutcome {
  if (status === 'resolved') return 'forwarding-resolved';
  return known(problems) ? 'forwarding-broken' : 'forwarding-unverified';
}

/** Each kind of problem once, in the order found: "rule-disabled, dead-letters". */
function codes(problems: readonly ForwardingProblem[]): string {
  return [...new Set(problems.map((problem) => problem.code))].join(', ');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The problems, one line each, for the email (text.ts); none for the other kinds. */
export function forwardingProblemLines(document: AlertDocument): string[] {
  if (document.kind !== 'forwarding') return [];
  return document.forwarding.problems.map((problem) => `- ${problem.code}: ${problem.detail}`);
}

function what({ forwarding }: ForwardingDocument): string {
  const { status, problems } = forwarding;
  if (status === 'resolved')
    return problems.length > 0 ? 'Guardrail forwarding repaired: was ' : 'Guardrail forwarding repaired';
  return known(problems) ? 'Guardrail forwarding broken: ' : 'Guardrail forwarding unverified: ';
}

/** After the verb: the kinds of problem, or for an unverified check the resources it could not read. */
function detail({ forwarding }: ForwardingDocument): string {
  const { status, problems } = forwarding;
  if (status === 'broken' && !known(problems)) return problems.map((problem) => problem.resource).join(', ');
  return codes(problems);
}

export const forwarding: IncidentKindModule<'forwarding'> = {
  document: (incident) => {
    const { status, problems } = incident;
    // Broken with no problem is a healthy check: nothing worth a message.
    if (status === 'broken' && problems.length === 0) return undefined;
    return {
      schemaVersion: 1,
      kind: 'forwarding',
      severity: forwardingSeverity(status, problems),
      outcome: outcomeOf(status, problems),
      account: { ...incident.account },
      region: incident.region,
      evaluatedAt: incident.checkedAt,
      changes: [],
      ...noFindings(),
      forwarding: { status, problems: problems.map((problem) => ({ ...problem })) },
    };
  },
  subject: (document) => [{ text: what(document) }, { text: detail(document), shrink: 2, min: 12 }],
  intro(document) {
    const { status, problems } = document.forwarding;
    const where = accountAndRegion(document);
    if (status === 'resolved')
      return (
        `Guardrail's member forwarding in ${where} is intact again: events there reach the hub.` +
        (problems.length > 0 ? ' What was wrong before is listed below.' : '')
      );
    if (!known(problems))
      return (
        `The hub could not verify Guardrail's member forwarding in ${where} (listed below): nothing is known ` +
        'broken, but a break there goes unnoticed until the check can read the rules and the dead-letter queue. ' +
        'If the reads were denied, check that the remediation role allows events:DescribeRule, ' +
        'events:ListTargetsByRule, sqs:GetQueueUrl and sqs:GetQueueAttributes.'
      );
    return (
      `Guardrail's member forwarding in ${where} is broken (${plural(problems.length, 'problem')}, listed ` +
      'below): security group changes and tampering there may not reach the hub. Until it is repaired, ' +
      'changes there are caught only by the periodic sweep, not reverted within seconds.'
    );
  },
};
