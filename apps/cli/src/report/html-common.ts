/**
 * What every part of the HTML report shares: escaping (every value from the report goes through
 * it, since a group name or an error reason is anyone's text) and how severities and accounts read.
 */
import type { PostureReport, Severity } from '@guardrail/core';

/** Text and double-quoted attribute values: a `<script>` in a group name stays text. */
export function escapeHtml(value: string | number): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** The most pressing first, as the report orders its groups. */
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'info'];

/** A sort key where a greater number is more pressing (critical 3 ... info 0). */
export const severityRank = (severity: Severity): number =>
  SEVERITY_ORDER.length - 1 - SEVERITY_ORDER.indexOf(severity);

/** Account names are known from the targets and gaps (groups carry the id only). */
export function accountNames(report: PostureReport): Map<string, string> {
  const names = new Map<string, string>();
  for (const t of [...report.targets, ...report.unreadable])
    if (t.accountName !== undefined && !names.has(t.account)) names.set(t.account, t.accountName);
  return names;
}

/** "prod (111122223333)", or the id alone when the account has no known name. */
export function accountLabel(account: string, names: ReadonlyMap<string, string>): string {
  const name = names.get(account);
  return name === undefined ? account : `${name} (${account})`;
}
