/**
 * `guardrail plan` for people: a diff of the group's rules. `  ` stays, `- ` goes (revoked, or
 * would be in audit mode), `+ ` comes back (a missing required range), `~ ` gets its description
 * back (a lock policy's baseline rule). The exceptions in force
 * come first (a rule one lets stay is not marked), the prefix lists that could not be read last.
 * A lock policy's group says what it was judged by (`Plan.lock`); one without its baseline was
 * judged by nothing, and says so rather than "compliant".
 */
import {
  type Direction,
  describeRule,
  type ExceptionInForce,
  type Plan,
  type Rule,
  ruleKey,
  type SecurityGroupState,
  type Violation,
} from '@guardrail/core';
import { createColors } from 'picocolors';
import { isUnjudged } from '../plan/status';

const DIRECTIONS: Direction[] = ['ingress', 'egress'];

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function exceptionLine(e: ExceptionInForce, c: ReturnType<typeof createColors>): string {
  const line = `exception ${e.id} (${e.direction}, until ${e.expires}): ${e.reason}`;
  return e.applied ? `${line} — applied` : c.dim(`${line} — in force, covers no rule`);
}

/** What a lock policy's group was judged by. */
function lockLine(plan: Plan, c: ReturnType<typeof createColors>): string | undefined {
  const { lock } = plan;
  switch (lock?.status) {
    case undefined:
      return undefined;
    case 'no-baseline':
      return c.yellow(
        'lock: no baseline given (--baseline <file>): nothing is judged, nothing would be changed',
      );
    case 'baseline-mismatch':
      return c.yellow(`lock: ${lock.message}: nothing is judged, nothing would be changed`);
    case 'enforced':
      return `lock: judged against baseline version ${lock.version}`;
    case 'rebaseline':
      return (
        `lock: every change is by a trusted principal (${lock.by}): accepted as the new baseline after ` +
        `version ${lock.version}; only denied rules are revoked`
      );
  }
}

/** The last line of a locked group planned without its baseline. */
function unjudgedLine(plan: Plan): string {
  const { lock } = plan;
  if (lock?.status === 'baseline-mismatch') return `not judged: ${lock.message}`;
  return (
    `not judged: ${plan.policy} is a lock policy and no baseline was given for this group: ` +
    'give it with --baseline <file> (what guardrail baseline show --format json prints)'
  );
}

function unverifiableLines(plan: Plan): string[] {
  return (plan.unverifiable ?? []).map(
    ({ prefixListId, reason, rules }) =>
      `unverifiable: ${prefixListId} (${reason}): judged as a reference only: ${rules.map(describeRule).join(', ')}`,
  );
}

export function renderPlanText(plan: Plan, group: SecurityGroupState, color: boolean): string {
  const c = createColors(color);
  const lines: string[] = [];
  const name = group.groupName ? ` (${group.groupName})` : '';
  const where = [plan.account, plan.region].filter(Boolean).join(' / ');
  lines.push(c.bold(`${plan.groupId}${name}`) + (where ? c.dim(`  ${where}`) : ''));

  if (plan.misconfiguration) {
    lines.push(c.yellow(`misconfigured: ${plan.misconfiguration}`));
    lines.push(c.yellow('nothing will be changed until the tags are fixed'));
  } else if (!plan.managed) {
    lines.push(c.dim('not managed: the group does not carry the opt-in tag'));
  } else {
    const mode =
      plan.mode === 'audit' ? c.yellow('audit (report only, nothing is changed)') : c.cyan('enforce');
    lines.push(`policy ${c.bold(plan.policy ?? '')}, mode ${mode}`);
  }
  const lock = lockLine(plan, c);
  if (lock !== undefined) lines.push(lock);
  for (const e of plan.exceptions ?? []) lines.push(exceptionLine(e, c));

  const offending = new Map<string, Violation>();
  for (const v of plan.violations) if (v.code !== 'missing-required') offending.set(ruleKey(v.rule), v);
  const note = (v: Violation) => {
    const missing = v.code === 'missing-required';
    const cause =
      v.cause === 'change'
        ? missing
          ? 'removed by this change'
          : v.code === 'modified'
            ? 'changed by this change'
            : 'added by this change'
        : missing
          ? 'already missing'
          : 'already there';
    return c.dim(`  ${missing ? 'missing' : v.code}: ${v.source ?? ''} (${cause})`);
  };
  // A lock policy's rule whose description is not the baseline's: it stays, its description is put back.
  const marked = (rule: Rule, v: Violation) =>
    v.code === 'modified'
      ? c.yellow(`  ~ ${describeRule(rule)}`) + note(v)
      : c.red(`  - ${describeRule(rule)}`) + note(v);

  for (const direction of DIRECTIONS) {
    const rules = group.rules.filter((rule: Rule) => rule.direction === direction);
    const missing = plan.violations.filter((v) => v.code === 'missing-required' && v.direction === direction);
    lines.push('', c.bold(direction));
    if (rules.length === 0 && missing.length === 0) lines.push(c.dim('    (no rules)'));
    for (const rule of rules) {
      const v = offending.get(ruleKey(rule));
      if (v) lines.push(marked(rule, v));
      else lines.push(`    ${describeRule(rule)}`);
    }
    for (const v of missing) lines.push(c.green(`  + ${describeRule(v.rule)}`) + note(v));
  }

  const revokes = plan.actions.filter((a) => a.type === 'revoke').length;
  const authorizes = plan.actions.filter((a) => a.type === 'authorize').length;
  const updates = plan.actions.length - revokes - authorizes;
  lines.push('');
  if (isUnjudged(plan)) {
    lines.push(c.yellow(unjudgedLine(plan)));
  } else if (plan.violations.length === 0 && plan.lock?.status === 'rebaseline') {
    lines.push(c.green('nothing to revert: the change is accepted as the new baseline'));
  } else if (plan.violations.length === 0) {
    lines.push(plan.managed ? c.green('compliant: nothing to do') : c.dim('nothing to do'));
  } else if (plan.actions.length === 0) {
    lines.push(
      `${plural(plan.violations.length, 'violation')}; no action (${plan.mode === 'audit' ? 'audit mode' : 'misconfigured'})`,
    );
  } else {
    const described = updates > 0 ? `, ${plural(updates, 'description update')}` : '';
    lines.push(
      `${plural(plan.violations.length, 'violation')}; ${plural(revokes, 'revoke')}, ${plural(authorizes, 'authorize')}${described}`,
    );
  }
  lines.push(...unverifiableLines(plan));
  return `${lines.join('\n')}\n`;
}
