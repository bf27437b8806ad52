/**
 * The summary of one scheduled sweep, the backstop that re-checks every account x region for what
 * events missed: published once when its last target finishes (`sweep-complete`), or when it has
 * not finished by its deadline (`sweep-overdue`). Rated by coverage (severity.ts): overdue is
 * high, complete with accounts it could not read medium, otherwise info. Where it ran is the
 * hub's account and region; the violations it found are told in their groups' own alerts.
 */
import { formatDuration } from '../exposure';
import { sweepSeverity } from '../severity';
import type { AlertDocument, Incident, SweepSummaryFacts } from '../types';
import { accountAndRegion, noFindings } from './parts';
import type { DocumentOf, IncidentKindModule } from './types';

const COMPLETE = 'Guardrail sweep complete: ';

/** The unreadable accounts a document lists at most (the rest are counted): keeps the message small. */
const LISTED = 100;

export function sweepSummaryIncident(
  facts: SweepSummaryFacts,
  where: { account: string; accountName?: string; region: string },
): Incident {
  const { account, accountName, region } = where;
  return {
    kind: 'sweep',
    account: accountName === undefined ? { id: account } : { id: account, name: accountName },
    region,
    sweep: facts,
  };
}

type SweepDocument = DocumentOf<'sweep'>;

/**
 * Field by field, arrays copied: the document shares nothing with the incident, and nothing
 * outside the contract rides along (the schema is closed).
 */
function copy(facts: SweepSummaryFacts): SweepSummaryFacts {
  const unreadable = facts.unreadable.slice(0, LISTED).map(({ account, reason }) => ({ account, reason }));
  return {
    sweepId: facts.sweepId,
    status: facts.status,
    startedAt: facts.startedAt,
    at: facts.at,
    durationSeconds: facts.durationSeconds,
    accounts: facts.accounts,
    regions: [...facts.regions],
    targets: { expected: facts.targets.expected, finished: facts.targets.finished },
    groups: facts.groups,
    violations: facts.violations,
    fixed: facts.fixed,
    unreadable,
    // Never fewer than listed: the count is what the severity and the "and N more" line read.
    unreadableCount: Math.max(facts.unreadableCount, facts.unreadable.length),
  };
}

/** "17,017": digits grouped by three with commas, whatever the locale (counts are integers). */
function formatCount(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function count(value: number, word: string): string {
  return `${formatCount(value)} ${word}${value === 1 ? '' : 's'}`;
}

/** The unreadable accounts, one line each, and how many more there were; none for the other kinds. */
export function sweepUnreadableLines(document: AlertDocument): string[] {
  if (document.kind !== 'sweep') return [];
  const { unreadable, unreadableCount } = document.sweep;
  const more = unreadableCount - unreadable.length;
  return [
    ...unreadable.map(({ account, reason }) => `- ${account}: ${reason}`),
    ...(more > 0 ? [`... and ${formatCount(more)} more`] : []),
  ];
}

function scale({ accounts, regions }: SweepSummaryFacts): string {
  return `${count(accounts, 'account')} x ${count(regions.length, 'region')}`;
}

function gap({ unreadableCount }: SweepSummaryFacts): string {
  if (unreadableCount === 0) return '';
  const one = unreadableCount === 1;
  return (
    ` ${count(unreadableCount, 'account')} could not be read or ${one ? 'was' : 'were'} skipped (listed below): ` +
    `the groups of ${one ? 'that account' : 'those accounts'} were not re-checked.`
  );
}

function completeIntro(document: SweepDocument): string {
  const facts = document.sweep;
  const { unreadableCount } = facts;
  return (
    `Guardrail's scheduled sweep (${facts.sweepId}, run from ${accountAndRegion(document)}) re-checked ${scale(facts)} ` +
    `(${count(facts.targets.expected, 'target')}) in ${formatDuration(facts.durationSeconds)}, from ${facts.startedAt} ` +
    `to ${facts.at}: ${count(facts.groups, 'opted-in group')} checked, ${count(facts.violations, 'violation')} found, ` +
    `${formatCount(facts.fixed)} fixed.` +
    (unreadableCount === 0
      ? ' Every account could be read.'
      : `${gap(facts)} Changes there that events missed stay unnoticed until a sweep can read them: check ` +
        'that each is an active member of the organization and that the remediation role exists and trusts the hub.')
  );
}

function overdueIntro(document: SweepDocument): string {
  const facts = document.sweep;
  const { expected, finished } = facts.targets;
  return (
    `Guardrail's scheduled sweep (${facts.sweepId}, run from ${accountAndRegion(document)}), started at ${facts.startedAt}, ` +
    `had not finished by its deadline (checked at ${facts.at}, after ${formatDuration(facts.durationSeconds)}): ` +
    `${formatCount(finished)} of ${count(expected, 'target')} (account x region) finished, ` +
    `${formatCount(Math.max(0, expected - finished))} did not. Groups in the unfinished targets were not ` +
    `re-checked by this sweep. So far ${count(facts.groups, 'opted-in group')} checked, ` +
    `${count(facts.violations, 'violation')} found, ${formatCount(facts.fixed)} fixed.${gap(facts)} Check the sweep ` +
    "queue for targets still waiting, its dead-letter queue for targets that failed, and the sweep function's errors."
  );
}

export const sweep: IncidentKindModule<'sweep'> = {
  document: (incident) => {
    const facts = copy(incident.sweep);
    return {
      schemaVersion: 1,
      kind: 'sweep',
      severity: sweepSeverity(facts),
      outcome: facts.status === 'overdue' ? 'sweep-overdue' : 'sweep-complete',
      account: { ...incident.account },
      region: incident.region,
      evaluatedAt: facts.at,
      changes: [],
      ...noFindings(),
      sweep: facts,
    };
  },
  subject: ({ sweep: facts }) => {
    if (facts.status === 'overdue')
      return [
        { text: 'Guardrail sweep overdue: ' },
        {
          text: `${formatCount(facts.targets.finished)} of ${formatCount(facts.targets.expected)} targets finished`,
        },
      ];
    const figures = `${count(facts.violations, 'violation')}, ${formatCount(facts.fixed)} fixed`;
    // After the account name the scale gives way (the body has it). The unreadable accounts are
    // what makes a complete sweep medium: the figures give way before them.
    const scalePiece = { text: `${scale(facts)}, `, shrink: 2, whole: true };
    if (facts.unreadableCount === 0) return [{ text: COMPLETE }, scalePiece, { text: figures }];
    return [
      { text: COMPLETE },
      scalePiece,
      { text: `${figures}, `, shrink: 3, whole: true },
      { text: `${formatCount(facts.unreadableCount)} unreadable` },
    ];
  },
  intro: (document) =>
    document.sweep.status === 'overdue' ? overdueIntro(document) : completeIntro(document),
};
