/**
 * The demo as a person reads it: per story, a timeline with time offsets, then the verdict, then
 * the organization's posture as `guardrail report --org` prints it.
 */
import pc from 'picocolors';
import { renderReport } from '../report/render';
import { reportCommandLine } from './posture';
import type { DemoPosture, DemoReport, StoryReport, TimelineEntry } from './report';

type Paint = (text: string) => string;
interface Palette {
  bold: Paint;
  dim: Paint;
  red: Paint;
  green: Paint;
  yellow: Paint;
  cyan: Paint;
  magenta: Paint;
}

const plain: Paint = (text) => text;
const NO_COLOUR: Palette = {
  bold: plain,
  dim: plain,
  red: plain,
  green: plain,
  yellow: plain,
  cyan: plain,
  magenta: plain,
};
// Forced on: whether to colour is the caller's decision (a TTY, no NO_COLOR), not picocolors'.
const colours = pc.createColors(true);
const COLOUR: Palette = {
  bold: colours.bold,
  dim: colours.dim,
  red: colours.red,
  green: colours.green,
  yellow: colours.yellow,
  cyan: colours.cyan,
  magenta: colours.magenta,
};

/** "+0:02.0": minutes, seconds and tenths since the demo started. */
export function formatOffset(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const seconds = ((ms % 60_000) / 1000).toFixed(1).padStart(4, '0');
  return `+${minutes}:${seconds}`;
}

const WHO_WIDTH = 6;

function entryLines(entry: TimelineEntry, p: Palette): string[] {
  const time = p.dim(formatOffset(entry.at));
  const paintWho: Record<TimelineEntry['kind'], Paint> = {
    act: p.yellow,
    deliver: p.cyan,
    decide: p.cyan,
    skip: p.dim,
    alert: p.magenta,
    state: p.green,
    note: p.dim,
  };
  const who = paintWho[entry.kind](entry.who.padEnd(WHO_WIDTH));
  const lines = [`  ${time}  ${who} ${entry.text}`];
  if (entry.alert) {
    const indent = `${' '.repeat(9 + WHO_WIDTH)}${p.magenta('│')} `;
    lines.push(`${indent}${p.bold(`Subject: ${entry.alert.subject}`)}`);
    lines.push(indent.trimEnd());
    for (const line of entry.alert.body.trimEnd().split('\n')) lines.push(`${indent}${line}`.trimEnd());
  }
  return lines;
}

function storyLines(story: StoryReport, index: number, p: Palette): string[] {
  const lines = [
    p.bold(`${index + 1}. ${story.title}`),
    p.dim(`   expected: ${story.expected}`),
    ...story.timeline.flatMap((entry) => entryLines(entry, p)),
  ];
  for (const c of story.checks) lines.push(`   ${c.ok ? p.green('✓') : p.red('✗')} ${c.name}`);
  lines.push(
    story.ok
      ? p.green(`   => as expected (${story.outcome})`)
      : p.red(`   => NOT as expected (${story.outcome})`),
  );
  return lines;
}

/** The posture section: a header, how it was read, the report's own text table, indented. */
function postureLines(posture: DemoPosture, regions: readonly string[], p: Palette): string[] {
  const lines = [
    p.bold('The organization after the stories: its posture report'),
    p.dim(`  as \`${reportCommandLine(posture)}\` reads it:`),
    p.dim(
      `  the hub's credentials, ${posture.roleName} assumed in each account, in ${regions.join(' and ')}`,
    ),
    '',
  ];
  if (posture.report === undefined) {
    lines.push(p.red(`  nothing could be read: ${posture.error ?? 'no report'}`));
    return lines;
  }
  for (const line of renderReport(posture.report, 'text').split('\n')) lines.push(`  ${line}`.trimEnd());
  return lines;
}

export function renderDemoText(report: DemoReport, colour: boolean): string {
  const p = colour ? COLOUR : NO_COLOUR;
  const org = report.organization;
  const accounts = org.accounts
    .map((a) => `${a.name} ${a.id}${a.remediationRole ? '' : ' (no remediation role)'}`)
    .join(', ');
  const lines = [
    p.bold('Guardrail demo: an AWS organization on the in-memory sandbox'),
    `  organization ${org.id}; member accounts: ${accounts}`,
    `  regions: ${org.regions.join(', ')}; hub: ${org.hub.name} ${org.hub.account}, alerts to ${org.hub.topicArn}`,
    p.dim(`  clock starts ${report.startedAt} (seed ${report.seed}); events reach the hub as SQS batches`),
    '',
  ];
  report.stories.forEach((story, index) => {
    lines.push(...storyLines(story, index, p), '');
  });
  const failed = report.stories.filter((s) => !s.ok);
  lines.push(
    failed.length === 0
      ? p.green(p.bold(`All ${report.stories.length} stories ended as expected.`))
      : p.red(
          p.bold(
            `${failed.length} of ${report.stories.length} stories did not end as expected: ${failed.map((s) => s.id).join(', ')}`,
          ),
        ),
    '',
    ...postureLines(report.posture, org.regions, p),
  );
  return `${lines.join('\n')}\n`;
}
