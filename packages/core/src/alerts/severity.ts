/**
 * Severity (design.md section 6): critical = an admin port open to the internet, high = anything
 * else open to the internet, medium = other violations, info = audit only or pre-existing drift
 * only. A contested group is rated by its findings, at least medium. Incidents without findings
 * have a fixed severity.
 */
import type { Mode } from '../plan/types';
import type { Assessment } from './assess';
import type { AlertFinding, IncidentKind, Severity } from './types';

const SOLVED = new Set(['reverted', 'restored']);

/**
 * Severity of an enforce-mode remediation. Drift the hub fixed is informational; drift it could
 * not fix is still open, so it is rated like a change. A missing required rule opens nothing:
 * it never counts as an internet exposure.
 */
export function findingsSeverity(findings: AlertFinding[]): Severity {
  const pressing = findings.filter((f) => f.cause === 'change' || !SOLVED.has(f.decision));
  if (pressing.length === 0) return 'info';
  const exposures = pressing.filter((f) => f.code !== 'missing-required' && f.internet);
  if (exposures.some((f) => f.adminPort)) return 'critical';
  return exposures.length > 0 ? 'high' : 'medium';
}

/** Severity of a remediation incident: audit mode informs; a failed action never merely informs. */
export function remediationSeverity(mode: Mode | undefined, assessment: Assessment): Severity {
  if (mode === 'audit') return 'info';
  const severity = findingsSeverity(assessment.findings);
  const failed = assessment.actions.some((action) => action.status === 'failed');
  return severity === 'info' && failed ? 'medium' : severity;
}

/** From the least to the most pressing. */
const RANK: readonly Severity[] = ['info', 'medium', 'high', 'critical'];

function worst(a: Severity, b: Severity): Severity {
  return RANK.indexOf(a) >= RANK.indexOf(b) ? a : b;
}

/**
 * Severity of a contested group: the breaker stopped remediating, so whatever the findings show
 * stays open (SSH open to the world re-applied by another tool is critical); never below medium.
 */
export function contestedSeverity(assessment: Pick<Assessment, 'findings'>): Severity {
  return worst('medium', findingsSeverity(assessment.findings));
}

/** Incidents whose severity does not depend on findings. Tamper blinds the guardrail: high. */
export const INCIDENT_SEVERITY: Record<Exclude<IncidentKind, 'remediation' | 'contested'>, Severity> = {
  misconfigured: 'medium',
  'account-error': 'medium',
  tamper: 'high',
  'group-deleted': 'info',
};
