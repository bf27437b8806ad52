/**
 * Severity (design.md section 6) is exposure, the outcome is action. Severity says what is or was
 * exposed, in every mode (enforce or audit), whatever the hub did about it (reverted, restored,
 * failed, skipped, found already done by someone else) and whatever brought it (a change or
 * pre-existing drift found by a sweep):
 *
 * - critical: an admin or database port open to the internet (a finding with `internet` and
 *   `adminPort`, never a missing required rule);
 * - high: anything else open to the internet;
 * - medium: any other violation (a rule not reachable from the internet, a missing required rule,
 *   which opens nothing), and a failed action with no finding;
 * - info: nothing exposed, no violation; or only a lock policy's `modified` rules (a description
 *   not the baseline's: the lowest there is, since a description opens nothing).
 *
 * What was done is the `outcome` attribute's job (remediated, partially-remediated, failed,
 * audit, ...), never severity's. Other incidents: a contested group is rated by its findings, at
 * least medium; an account error by what its changes opened (the rules they added or modified:
 * critical, high, else medium); a forwarding incident by what the health check knows (broken:
 * critical, unverified: high, resolved: info); a baseline incident by whether the group is still
 * judged (a version set: info; not read or not saved: high); a sweep summary by its coverage
 * (overdue: high, complete with accounts unread: medium, else info); misconfigured, tamper and
 * group-deleted have a fixed severity.
 */
import { isRuleChange } from '../events/change-kinds';
import type { GroupChange } from '../events/types';
import type { ForwardingProblem } from '../forwarding/types';
import type { Assessment } from './assess';
import { ruleExposure, rulesOpened } from './rule-exposure';
import type {
  AlertFinding,
  BaselineEvent,
  ForwardingStatus,
  IncidentKind,
  Severity,
  SweepSummaryFacts,
} from './types';

/** From the least to the most pressing. */
const RANK: readonly Severity[] = ['info', 'medium', 'high', 'critical'];

function worst(a: Severity, b: Severity): Severity {
  return RANK.indexOf(a) >= RANK.indexOf(b) ? a : b;
}

/** What one violating rule exposes (or exposed): a missing required rule opens nothing. */
function exposureSeverity(exposure: { internet: boolean; adminPort: boolean }, missing: boolean): Severity {
  if (missing || !exposure.internet) return 'medium';
  return exposure.adminPort ? 'critical' : 'high';
}

/**
 * The worst exposure among the findings; info when there are none. Every finding counts, what
 * was done about it notwithstanding: a reverted or already removed rule was exposed, an audit-only
 * one still is.
 */
export function findingsSeverity(findings: readonly AlertFinding[]): Severity {
  return findings.reduce<Severity>(
    (severity, f) =>
      f.code === 'modified' ? severity : worst(severity, exposureSeverity(f, f.code === 'missing-required')),
    'info',
  );
}

/** A remediation incident, in any mode: its findings, and at least medium when an action failed. */
export function remediationSeverity(assessment: Pick<Assessment, 'findings' | 'actions'>): Severity {
  const severity = findingsSeverity(assessment.findings);
  const failed = assessment.actions.some((action) => action.status === 'failed');
  return failed ? worst('medium', severity) : severity;
}

/**
 * Severity of a contested group: the breaker stopped remediating, so whatever the findings show
 * stays open (SSH open to the world re-applied by another tool is critical); never below medium.
 */
export function contestedSeverity(assessment: Pick<Assessment, 'findings'>): Severity {
  return worst('medium', findingsSeverity(assessment.findings));
}

/**
 * Severity of an account error: the hub cannot act there, so what the triggering changes opened
 * stays open. Critical when one added (or modified into) a rule opening an admin port to the
 * internet, high when one opened anything else to the internet, otherwise medium (an account the
 * guardrail cannot protect is never merely informational).
 */
export function accountErrorSeverity(changes: readonly GroupChange[]): Severity {
  let severity: Severity = 'medium';
  for (const change of changes) {
    if (!isRuleChange(change)) continue;
    for (const rule of rulesOpened(change))
      severity = worst(severity, exposureSeverity(ruleExposure(rule), false));
  }
  return severity;
}

/**
 * Severity of a forwarding health check: a known break blinds the guardrail there as tampering
 * does (critical: changes are caught only by the sweep); problems that are all `unreadable` mean
 * it cannot be verified, nothing known broken (high: the guard may be blind, and would not know);
 * resolved is info.
 */
export function forwardingSeverity(
  status: ForwardingStatus,
  problems: readonly ForwardingProblem[],
): Severity {
  if (status === 'resolved') return 'info';
  return problems.some((problem) => problem.code !== 'unreadable') ? 'critical' : 'high';
}

/**
 * Severity of a baseline incident: a version set (captured, updated by a trusted principal,
 * accepted) opens nothing: info. A baseline not read leaves the group unjudged, one not saved
 * leaves it judged against what it no longer is: high, whatever the group's rules.
 */
export function baselineSeverity(event: BaselineEvent): Severity {
  return event === 'unavailable' || event === 'unsaved' ? 'high' : 'info';
}

/**
 * Severity of a sweep summary: the sweep is the backstop for every missed event, so one that did
 * not finish leaves groups unchecked that nothing else would catch (high); a finished one with
 * accounts it could not read is a coverage gap (medium); otherwise it only reports (info). The
 * violations it found are rated in their own groups' alerts, not here.
 */
export function sweepSeverity(sweep: Pick<SweepSummaryFacts, 'status' | 'unreadableCount'>): Severity {
  if (sweep.status === 'overdue') return 'high';
  return sweep.unreadableCount > 0 ? 'medium' : 'info';
}

/** Incidents whose severity depends neither on findings nor on changes. Tamper blinds or borrows the guardrail: critical. */
export const INCIDENT_SEVERITY: Record<
  Exclude<
    IncidentKind,
    'remediation' | 'contested' | 'account-error' | 'opt-out' | 'forwarding' | 'baseline' | 'sweep'
  >,
  Severity
> = {
  misconfigured: 'medium',
  tamper: 'critical',
  'group-deleted': 'info',
};
