/**
 * The baseline commands' output. JSON: `baseline show` prints `{ baseline, diff }`, the baseline
 * exactly as the hub keeps it (so `guardrail plan --baseline` reads the file back), `history` the
 * versions newest first, `accept` the new baseline with what changed and what it did not keep.
 * Text: the same facts for people, each rule in words.
 */
import {
  type Baseline,
  type BaselineDiff,
  type BaselineSetBy,
  type Direction,
  describeRule,
  type Rule,
  type SecurityGroupState,
} from '@guardrail/core';
import { createColors } from 'picocolors';

type Colors = ReturnType<typeof createColors>;

const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A rule in words with its description and id, when it has them. */
export function ruleWords(rule: Rule): string {
  const description = rule.description ? ` ${JSON.stringify(rule.description)}` : '';
  const id = rule.ruleId ? ` (${rule.ruleId})` : '';
  return `${describeRule(rule)}${description}${id}`;
}

const REASON_WORDS: Record<BaselineSetBy['reason'], string> = {
  captured: 'captured',
  'trusted-change': 'a trusted change',
  accepted: 'accepted',
};

/** "accepted by arn:... (CHG-42)", "captured by arn:...". */
export function setByWords(setBy: BaselineSetBy): string {
  const note = setBy.note === undefined ? '' : `: ${JSON.stringify(setBy.note)}`;
  return `${REASON_WORDS[setBy.reason]} by ${setBy.principal}${note}`;
}

function groupTitle(baseline: Baseline, group?: SecurityGroupState): string {
  const name = group?.groupName ? ` (${group.groupName})` : '';
  return `${baseline.groupId}${name}  ${baseline.account} / ${baseline.region}`;
}

function rulesByDirection(rules: readonly Rule[], c: Colors): string[] {
  const lines: string[] = [];
  for (const direction of DIRECTIONS) {
    const mine = rules.filter((rule) => rule.direction === direction);
    lines.push(c.bold(direction));
    if (mine.length === 0) lines.push(c.dim('    (no rules)'));
    for (const rule of mine) lines.push(`    ${ruleWords(rule)}`);
  }
  return lines;
}

/** What each side of a diff means: the group against its baseline, or the rules accepted against the version replaced. */
interface DiffWords {
  added: string;
  missing: string;
  /** Before the description the baseline had. */
  modified: string;
}

const GROUP_NOW: DiffWords = {
  added: 'not in the baseline',
  missing: 'in the baseline, missing from the group',
  modified: 'the baseline says',
};
const ACCEPTED: DiffWords = {
  added: 'now in the baseline',
  missing: 'no longer in the baseline',
  modified: 'the description was',
};

/** The diff, one line a rule. */
function diffLines(diff: BaselineDiff, words: DiffWords, c: Colors): string[] {
  return [
    ...diff.added.map((rule) => c.red(`  + ${ruleWords(rule)}`) + c.dim(`  ${words.added}`)),
    ...diff.missing.map((rule) => c.green(`  - ${ruleWords(rule)}`) + c.dim(`  ${words.missing}`)),
    ...diff.modified.map(
      ({ rule, baseline }) =>
        c.yellow(`  ~ ${ruleWords(rule)}`) +
        c.dim(`  ${words.modified} ${JSON.stringify(baseline.description ?? '')}`),
    ),
  ];
}

/** "1 added, 2 missing, 0 descriptions changed". */
function diffCount(diff: BaselineDiff): string {
  return `${diff.added.length} added, ${diff.missing.length} missing, ${plural(diff.modified.length, 'description')} changed`;
}

function isEmpty(diff: BaselineDiff): boolean {
  return diff.added.length + diff.missing.length + diff.modified.length === 0;
}

export function renderShowText(
  baseline: Baseline,
  group: SecurityGroupState,
  diff: BaselineDiff,
  color: boolean,
): string {
  const c = createColors(color);
  const lines = [
    c.bold(groupTitle(baseline, group)),
    `baseline version ${baseline.version}, policy ${c.bold(baseline.policy)}, ${plural(baseline.rules.length, 'rule')}`,
    `set ${baseline.setAt}, ${setByWords(baseline.setBy)}`,
    '',
    ...rulesByDirection(baseline.rules, c),
    '',
  ];
  if (isEmpty(diff)) lines.push(c.green('the group now: exactly its baseline'));
  else lines.push(`the group now: ${diffCount(diff)}`, ...diffLines(diff, GROUP_NOW, c));
  return `${lines.join('\n')}\n`;
}

export interface ShowJson {
  baseline: Baseline;
  diff: BaselineDiff;
}

export function showJson(baseline: Baseline, diff: BaselineDiff): ShowJson {
  return { baseline, diff };
}

export interface HistoryEntryJson {
  version: number;
  setAt: string;
  setBy: BaselineSetBy;
  ruleCount: number;
  current: boolean;
}

export interface HistoryJson {
  account: string;
  region: string;
  groupId: string;
  policy: string;
  /** The current version first, then the earlier ones kept, newest first. */
  versions: HistoryEntryJson[];
}

export function historyJson(baseline: Baseline): HistoryJson {
  const { account, region, groupId, policy } = baseline;
  const current = {
    version: baseline.version,
    setAt: baseline.setAt,
    setBy: baseline.setBy,
    ruleCount: baseline.rules.length,
    current: true,
  };
  const earlier = [...baseline.history].reverse().map((entry) => ({ ...entry, current: false }));
  return { account, region, groupId, policy, versions: [current, ...earlier] };
}

export function renderHistoryText(baseline: Baseline, limit: number, color: boolean): string {
  const c = createColors(color);
  const { versions } = historyJson(baseline);
  const width = Math.max(...versions.map((v) => String(v.version).length)) + 1;
  const lines = [c.bold(groupTitle(baseline)), `policy ${baseline.policy}, newest first`, ''];
  for (const v of versions) {
    const head = `v${v.version}`.padEnd(width + 1);
    const mark = v.current ? c.cyan('  (current)') : '';
    lines.push(`${head} ${v.setAt}  ${plural(v.ruleCount, 'rule').padEnd(9)} ${setByWords(v.setBy)}${mark}`);
  }
  if (baseline.history.length >= limit)
    lines.push('', c.dim(`only the last ${limit} earlier versions are kept`));
  return `${lines.join('\n')}\n`;
}

export interface AcceptResult {
  baseline: Baseline;
  /** The version it replaced. */
  replaced: number;
  /** The rules accepted against the version replaced. */
  changes: BaselineDiff;
  /** The group's rules a deny of the policy catches: not kept, the hub revokes them. */
  denied: Rule[];
}

export function renderAcceptText(result: AcceptResult, color: boolean): string {
  const c = createColors(color);
  const { baseline, replaced, changes, denied } = result;
  const lines = [
    c.bold(groupTitle(baseline)),
    c.green(
      `accepted: baseline version ${baseline.version} (${plural(baseline.rules.length, 'rule')}) replaces version ${replaced}`,
    ),
    `set ${baseline.setAt}, ${setByWords(baseline.setBy)}`,
    '',
  ];
  if (isEmpty(changes)) lines.push(`the same rules as version ${replaced}`);
  else lines.push(`against version ${replaced}: ${diffCount(changes)}`, ...diffLines(changes, ACCEPTED, c));
  if (denied.length > 0) {
    lines.push(
      '',
      c.yellow(
        `not kept: ${plural(denied.length, 'rule')} policy ${baseline.policy} denies (a baseline never keeps a denied rule; the hub revokes it):`,
      ),
      ...denied.map((rule) => c.red(`  - ${ruleWords(rule)}`)),
    );
  }
  return `${lines.join('\n')}\n`;
}
