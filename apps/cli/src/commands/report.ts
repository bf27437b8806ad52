/**
 * `guardrail report --region r1[,r2] [--org [--org-role-arn <arn>] [--role-name <name>]] ...`: the
 * posture, read-only. `--from-sweep s3://<bucket>/sweeps/<id> --region <bucket's region>`: the
 * posture a sweep stored instead (../report/from-sweep.ts), no account read again. Without `--org`, of the caller's own account with the caller's credentials
 * (`--profile`, SSO, the environment); with it, of every ACTIVE account of the organization,
 * through `--role-name` assumed in each. Every opted-in group of the given regions with its
 * policy, mode, status, violations and their severity, and the exceptions in force; each account x
 * region that could not be read, with why. Exit 0 when everything read is compliant, 1 when
 * something violates, is misconfigured or could not be read, 2 on bad input (docs/cli-report.md).
 */
import { writeFileSync } from 'node:fs';
import type { AwsOptions } from '@guardrail/aws';
import { DEFAULT_TAG_KEYS, GUARDRAIL_NAMES, type PostureReportInput, postureReport } from '@guardrail/core';
import type { AwsOverrides } from '@guardrail/engine';
import type { Command } from 'commander';
import { CliCommandFailed, CliInputError, type CliIo } from '../io';
import { createProgress } from '../progress';
import { baseCredentials } from '../report/credentials';
import { readSweepPosture } from '../report/from-sweep';
import {
  concurrencyOf,
  formatOf,
  outOf,
  policiesOf,
  regionsOf,
  requireOrg,
  roleArnOf,
  roleNameOf,
  sourceIdentityOf,
} from '../report/options';
import { readPosture } from '../report/read';
import { REPORT_FORMATS, renderReport } from '../report/render';
import { callerTargets, organizationTargets, ReportSourceError, type ReportTargets } from '../report/targets';

export const DEFAULT_REPORT_CONCURRENCY = 8;

export interface ReportOptions {
  region?: string;
  /** `s3://<bucket>/sweeps/<sweepId>`: the stored results of a sweep instead of a live read. */
  fromSweep?: string;
  org?: boolean;
  orgRoleArn?: string;
  roleName?: string;
  sourceIdentity?: string;
  concurrency?: string;
  profile?: string;
  policies?: string;
  tagPolicy?: string;
  tagMode?: string;
  format: string;
  out?: string;
  quiet?: boolean;
}

export interface ReportDeps {
  io: CliIo;
  /** Extra client plugins and credentials (the sandbox's, in tests). */
  aws?: AwsOverrides;
  /** Whether stderr is a terminal: the progress bar redraws in place, else writes plain lines. */
  stderrIsTTY?: boolean;
}

const LIVE_ONLY = {
  org: '--org',
  roleName: '--role-name',
  orgRoleArn: '--org-role-arn',
  sourceIdentity: '--source-identity',
  concurrency: '--concurrency',
} as const;

/** Every option checked, before any AWS call. */
function settingsOf(options: ReportOptions) {
  if (options.region === undefined)
    throw new CliInputError(
      options.fromSweep === undefined
        ? "required option '--region <regions>' not specified"
        : '--from-sweep: give the region of the results bucket too (--region, the hub region)',
    );
  if (options.fromSweep !== undefined) {
    const live = (Object.keys(LIVE_ONLY) as (keyof typeof LIVE_ONLY)[]).find((k) => options[k] !== undefined);
    if (live !== undefined)
      throw new CliInputError(
        `${LIVE_ONLY[live]} reads the accounts live, --from-sweep reads what a sweep stored: give one or the other`,
      );
    if (regionsOf(options.region).length !== 1)
      throw new CliInputError('--region: with --from-sweep, one region: where the results bucket is');
  }
  if (!options.org)
    requireOrg(options as unknown as Record<string, unknown>, {
      roleName: '--role-name',
      orgRoleArn: '--org-role-arn',
    });
  if (options.profile !== undefined && options.profile.trim() === '')
    throw new CliInputError('--profile: empty profile name');
  return {
    regions: regionsOf(options.region),
    format: formatOf(options.format),
    policies: policiesOf(options.policies),
    concurrency: concurrencyOf(options.concurrency ?? String(DEFAULT_REPORT_CONCURRENCY)),
    org: options.org
      ? {
          roleName: roleNameOf(options.roleName ?? GUARDRAIL_NAMES.remediationRole),
          ...(options.orgRoleArn === undefined ? {} : { orgRoleArn: roleArnOf(options.orgRoleArn) }),
          sourceIdentity: sourceIdentityOf(options.sourceIdentity ?? GUARDRAIL_NAMES.sourceIdentity),
        }
      : undefined,
    out: options.out === undefined ? undefined : outOf(options.out),
    tagKeys: {
      policy: options.tagPolicy ?? DEFAULT_TAG_KEYS.policy,
      mode: options.tagMode ?? DEFAULT_TAG_KEYS.mode,
    },
  };
}

async function targetsOf(
  settings: ReturnType<typeof settingsOf>,
  aws: AwsOptions,
  io: CliIo,
): Promise<ReportTargets> {
  try {
    return settings.org === undefined
      ? await callerTargets(aws, settings.regions)
      : await organizationTargets(aws, settings.regions, settings.org);
  } catch (error) {
    // Nothing could be read at all: not bad input, a command that failed (exit 1), said in one line.
    if (!(error instanceof ReportSourceError)) throw error;
    io.stderr(`error: ${error.message}\n`);
    throw new CliCommandFailed(error.message, { cause: error });
  }
}

function write(file: string, text: string, io: CliIo): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new CliInputError(`--out: ${file}: cannot write: ${(error as Error).message}`, { cause: error });
  }
  io.stderr(`wrote ${file}\n`);
}

/** The posture of the accounts, read live, region by region (with progress on stderr). */
async function livePosture(
  settings: ReturnType<typeof settingsOf>,
  aws: AwsOptions,
  now: Date,
  options: ReportOptions,
  deps: ReportDeps,
): Promise<PostureReportInput> {
  const { io } = deps;
  const targets = await targetsOf(settings, aws, io);
  const progress = createProgress({
    write: (text) => io.stderr(text),
    tty: deps.stderrIsTTY ?? false,
    ...(settings.org === undefined
      ? { label: 'regions', labelOne: 'region' }
      : { label: 'accounts x regions', labelOne: 'account x region' }),
    quiet: options.quiet ?? false,
  });
  let read: Awaited<ReturnType<typeof readPosture>>;
  try {
    read = await readPosture({
      targets,
      policies: settings.policies,
      tagKeys: settings.tagKeys,
      now,
      concurrency: settings.concurrency,
      progress,
    });
  } finally {
    targets.release();
  }
  return { ...read, generatedAt: now, source: { kind: 'live' } };
}

export async function runReport(options: ReportOptions, deps: ReportDeps): Promise<void> {
  const settings = settingsOf(options);
  const { io } = deps;
  const credentials = baseCredentials(deps.aws?.credentials, options.profile);
  const aws: AwsOptions = {
    ...deps.aws,
    region: settings.regions[0],
    ...(credentials === undefined ? {} : { credentials }),
  };
  const now = io.now();
  const input =
    options.fromSweep === undefined
      ? await livePosture(settings, aws, now, options, deps)
      : { ...(await readSweepPosture({ uri: options.fromSweep, aws })), generatedAt: now };
  const report = postureReport(input);
  const rendered = `${renderReport(report, settings.format)}\n`;
  if (settings.out === undefined) io.stdout(rendered);
  else write(settings.out, rendered, io);
  const { summary } = report;
  if (summary.violating + summary.misconfigured + summary.unreadableGroups + summary.unreadable > 0)
    throw new CliCommandFailed('not all compliant');
}

export function registerReportCommand(program: Command, io: CliIo): void {
  program
    .command('report')
    .description(
      'The posture of the opted-in groups of this account, or of the organization with --org (read-only); exit 1 unless all compliant',
    )
    .option(
      '--region <regions>',
      'the regions to read, comma-separated (required); with --from-sweep, the results bucket region',
    )
    .option(
      '--from-sweep <uri>',
      'the posture a sweep stored (s3://<bucket>/sweeps/<sweepId>), read from S3 instead of the accounts',
    )
    .option(
      '--org',
      "every ACTIVE account of the organization (Organizations ListAccounts), not only the caller's",
    )
    .option(
      '--org-role-arn <arn>',
      "with --org: a role to assume to list the accounts (e.g. the hub's org-read role); the caller's credentials otherwise",
    )
    .option(
      '--role-name <name>',
      `with --org: the role to assume in each account (default ${GUARDRAIL_NAMES.remediationRole})`,
    )
    .option(
      '--source-identity <id>',
      `with --org: the SourceIdentity of those sessions (default ${GUARDRAIL_NAMES.sourceIdentity}, which the remediation role's trust demands)`,
    )
    .option('--concurrency <n>', `account x regions read at once (default ${DEFAULT_REPORT_CONCURRENCY})`)
    .option('--profile <name>', 'the AWS profile of the base credentials (default: the standard chain)')
    .option('--policies <file>', 'a policy file (YAML, version 1); the shipped policies are always included')
    .option('--tag-policy <key>', `the opt-in tag key (default ${DEFAULT_TAG_KEYS.policy})`)
    .option('--tag-mode <key>', `the mode tag key (default ${DEFAULT_TAG_KEYS.mode})`)
    .option('--format <format>', REPORT_FORMATS.join(', '), 'text')
    .option('--out <file>', 'write the report to this file instead of standard output')
    .option('--quiet', 'no progress on standard error')
    .action((options: ReportOptions) =>
      runReport(options, { io, stderrIsTTY: Boolean(process.stderr.isTTY) }),
    );
}
