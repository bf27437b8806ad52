/**
 * `guardrail report --region r1[,r2] [--policies <file>] [--tag-policy <key>] [--format text|json|csv|markdown]`:
 * the posture of one account, read-only, with the standard AWS credentials (profiles, SSO, the
 * environment): every opted-in group of the given regions, its policy, mode, status, violations
 * and their severity, and each region that could not be read with why. Exit 0 when everything
 * read is compliant, 1 when something violates, is misconfigured or could not be read, 2 on bad input.
 */
import {
  DEFAULT_TAG_KEYS,
  GuardrailError,
  loadPolicies,
  type PolicyFile,
  postureReport,
  REGION_PATTERN,
} from '@guardrail/core';
import type { AwsOverrides } from '@guardrail/engine';
import type { Command } from 'commander';
import { CliCommandFailed, CliInputError, type CliIo } from '../io';
import { readPosture } from '../report/read';
import { REPORT_FORMATS, type ReportFormat, renderReport } from '../report/render';

export interface ReportOptions {
  region: string;
  policies?: string;
  tagPolicy?: string;
  tagMode?: string;
  format: string;
}

export interface ReportDeps {
  io: CliIo;
  /** Extra client plugins and credentials (the sandbox's, in tests). */
  aws?: AwsOverrides;
}

function regionsOf(text: string): string[] {
  const regions = text
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const bad = regions.find((r) => !REGION_PATTERN.test(r));
  if (regions.length === 0 || bad !== undefined)
    throw new CliInputError(
      `--region: "${bad ?? text}" is not an AWS region (e.g. eu-west-1; several: eu-west-1,us-east-1)`,
    );
  return [...new Set(regions)];
}

function formatOf(text: string): ReportFormat {
  if ((REPORT_FORMATS as readonly string[]).includes(text)) return text as ReportFormat;
  throw new CliInputError(`--format: "${text}" is not one of ${REPORT_FORMATS.join(', ')}`);
}

function policiesOf(file: string | undefined): PolicyFile {
  try {
    return loadPolicies(file === undefined ? {} : { file });
  } catch (error) {
    if (error instanceof GuardrailError) throw new CliInputError(error.message, { cause: error });
    throw error;
  }
}

export async function runReport(options: ReportOptions, deps: ReportDeps): Promise<void> {
  const regions = regionsOf(options.region);
  const format = formatOf(options.format);
  const policies = policiesOf(options.policies);
  const tagKeys = {
    policy: options.tagPolicy ?? DEFAULT_TAG_KEYS.policy,
    mode: options.tagMode ?? DEFAULT_TAG_KEYS.mode,
  };
  const now = deps.io.now();
  const read = await readPosture({
    regions,
    policies,
    tagKeys,
    aws: { region: regions[0], ...deps.aws },
    now,
  });
  const report = postureReport({
    groups: read.groups,
    unreadable: read.unreadable,
    read: read.read,
    generatedAt: now,
  });
  deps.io.stdout(`${renderReport(report, format)}\n`);
  const { summary } = report;
  if (summary.violating + summary.misconfigured + summary.unreadable > 0)
    throw new CliCommandFailed('not all compliant');
}

export function registerReportCommand(program: Command, io: CliIo): void {
  program
    .command('report')
    .description(
      "The posture of this account's opted-in groups (read-only, standard AWS credentials); exit 1 unless all compliant",
    )
    .requiredOption('--region <regions>', 'the regions to read, comma-separated')
    .option('--policies <file>', 'a policy file (YAML, version 1); the shipped policies are always included')
    .option('--tag-policy <key>', `the opt-in tag key (default ${DEFAULT_TAG_KEYS.policy})`)
    .option('--tag-mode <key>', `the mode tag key (default ${DEFAULT_TAG_KEYS.mode})`)
    .option('--format <format>', REPORT_FORMATS.join(', '), 'text')
    .action((options: ReportOptions) => runReport(options, { io }));
}
