/**
 * `guardrail demo [--format text|json] [--seed <n>] [--report-dir <dir>]`: the hub end to end on
 * an in-memory AWS organization, told as a timeline, ending with the organization's posture as
 * `guardrail report --org` reads it; the same posture as one HTML page, written to
 * `<dir>/posture.html` (default dir: a new one under the system's temp directory). Exits non-zero,
 * naming the story, when one did not end as expected; what the posture shows never decides it.
 */
import { accessSync, constants, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { renderDemoText } from '../demo/render-text';
import type { DemoReport } from '../demo/report';
import { type DemoOptions, runDemo } from '../demo/run';
import { CliCommandFailed, CliInputError, type CliIo } from '../io';
import { renderReport } from '../report/render';

export interface DemoCommandOptions {
  format: string;
  seed: string;
  /** Where the HTML posture report goes; a new directory under os.tmpdir() when absent. */
  reportDir?: string;
}

/** The OS's words ("EEXIST: file already exists, mkdir '...'"), as `report --out` says them. */
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The HTML posture report's file name in the report directory. */
export const POSTURE_HTML = 'posture.html';

/** The report directory, made if need be and found writable before any story runs (else exit 2). */
function reportDirOf(dir: string | undefined): string {
  if (dir === undefined) {
    try {
      return mkdtempSync(join(tmpdir(), 'guardrail-demo-'));
    } catch (error) {
      throw new CliInputError(
        `cannot make a report directory under ${tmpdir()} (give one with --report-dir): ${messageOf(error)}`,
        { cause: error },
      );
    }
  }
  if (dir.trim() === '') throw new CliInputError('--report-dir: empty path');
  const absolute = resolve(dir);
  try {
    mkdirSync(absolute, { recursive: true });
    if (!statSync(absolute).isDirectory()) throw new Error('not a directory');
    accessSync(absolute, constants.W_OK);
  } catch (error) {
    throw new CliInputError(`--report-dir: ${dir}: cannot write there: ${messageOf(error)}`, {
      cause: error,
    });
  }
  return absolute;
}

/** Writes the posture as HTML; the line that says where (undefined when nothing could be read). */
function writePostureHtml(report: DemoReport, dir: string): { file: string } | { error: string } | undefined {
  if (report.posture.report === undefined) return undefined;
  const file = join(dir, POSTURE_HTML);
  try {
    writeFileSync(file, renderReport(report.posture.report, 'html'));
    return { file };
  } catch (error) {
    return { error: `--report-dir: ${file}: cannot write: ${messageOf(error)}` };
  }
}

export async function runDemoCommand(
  options: DemoCommandOptions,
  io: CliIo,
  extra: Omit<DemoOptions, 'seed'> = {},
): Promise<DemoReport> {
  if (options.format !== 'text' && options.format !== 'json') {
    throw new CliInputError(`--format: "${options.format}" is not text or json`);
  }
  if (!/^\d{1,9}$/.test(options.seed)) {
    throw new CliInputError(`--seed: "${options.seed}" is not a whole number`);
  }
  const dir = reportDirOf(options.reportDir);
  const report = await runDemo({ ...extra, seed: Number(options.seed) });
  if (options.format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(renderDemoText(report, io.color));
  const html = writePostureHtml(report, dir);
  if (html !== undefined && 'file' in html) {
    // In text the posture section's last line; with JSON on stdout, on stderr as `report --out` says it.
    if (options.format === 'json') io.stderr(`wrote ${html.file}\n`);
    else io.stdout(`  wrote ${html.file} (open it in a browser)\n`);
  }
  const messages: string[] = [];
  if (!report.ok) {
    const failed = report.stories.filter((s) => !s.ok);
    messages.push(
      `demo: ${failed.map((s) => `story "${s.id}" ended ${s.outcome}, expected ${s.expected}`).join('; ')}`,
    );
  }
  if (html !== undefined && 'error' in html) messages.push(`demo: ${html.error}`);
  if (messages.length > 0) {
    io.stderr(`${messages.join('\n')}\n`);
    throw new CliCommandFailed(messages.join('; '));
  }
  return report;
}

export function registerDemoCommand(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('Run the hub end to end on an in-memory AWS organization and tell what happened')
    .option('--format <format>', 'text or json', 'text')
    .option('--seed <n>', 'seed of the sandbox (ids, fault draws)', '1')
    .option(
      '--report-dir <dir>',
      `where to write the posture report as HTML (${POSTURE_HTML}); default a new directory under the system's temp directory`,
    )
    .action(async (options: DemoCommandOptions) => {
      await runDemoCommand(options, io);
    });
}
