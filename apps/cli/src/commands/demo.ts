/**
 * `guardrail demo [--format text|json] [--seed <n>]`: the hub end to end on an in-memory AWS
 * organization, told as a timeline. Exits non-zero, naming the story, when one did not end as
 * expected.
 */
import type { Command } from 'commander';
import { renderDemoText } from '../demo/render-text';
import type { DemoReport } from '../demo/report';
import { type DemoOptions, runDemo } from '../demo/run';
import { CliCommandFailed, CliInputError, type CliIo } from '../io';

export interface DemoCommandOptions {
  format: string;
  seed: string;
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
  const report = await runDemo({ ...extra, seed: Number(options.seed) });
  if (options.format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(renderDemoText(report, io.color));
  if (!report.ok) {
    const failed = report.stories.filter((s) => !s.ok);
    const message = `demo: ${failed.map((s) => `story "${s.id}" ended ${s.outcome}, expected ${s.expected}`).join('; ')}`;
    io.stderr(`${message}\n`);
    throw new CliCommandFailed(message);
  }
  return report;
}

export function registerDemoCommand(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('Run the hub end to end on an in-memory AWS organization and tell what happened')
    .option('--format <format>', 'text or json', 'text')
    .option('--seed <n>', 'seed of the sandbox (ids, fault draws)', '1')
    .action(async (options: DemoCommandOptions) => {
      await runDemoCommand(options, io);
    });
}
