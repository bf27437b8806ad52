/**
 * `guardrail report`'s options, checked before any AWS call: a bad one is one message naming the
 * flag (exit 2).
 */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { GuardrailError, loadPolicies, type PolicyFile, REGION_PATTERN } from '@guardrail/core';
import { CliInputError } from '../io';
import { REPORT_FORMATS, type ReportFormat } from './render';

export function regionsOf(text: string): string[] {
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

export function formatOf(text: string): ReportFormat {
  if ((REPORT_FORMATS as readonly string[]).includes(text)) return text as ReportFormat;
  throw new CliInputError(`--format: "${text}" is not one of ${REPORT_FORMATS.join(', ')}`);
}

export function policiesOf(file: string | undefined): PolicyFile {
  try {
    return loadPolicies(file === undefined ? {} : { file });
  } catch (error) {
    if (error instanceof GuardrailError) throw new CliInputError(error.message, { cause: error });
    throw error;
  }
}

/** Above this many reads at once, EC2's and STS's rate limits throttle more than they serve. */
export const MAX_CONCURRENCY = 64;

export function concurrencyOf(text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && n <= MAX_CONCURRENCY))
    throw new CliInputError(`--concurrency: "${text}" is not a whole number from 1 to ${MAX_CONCURRENCY}`);
  return n;
}

/** IAM's role name: 1-64 of letters, digits and `+=,.@_-`. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** An IAM role ARN, as createOrganizationsClient takes it. */
const ROLE_ARN = /^arn:[^:]+:iam::\d{12}:role\/[\w+=,.@/-]+$/;
/** STS's SourceIdentity: 2-64 of letters, digits and `+=,.@-`. */
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;

export function roleNameOf(text: string): string {
  if (!ROLE_NAME.test(text))
    throw new CliInputError(`--role-name: "${text}" is not an IAM role name (1-64 of A-Z a-z 0-9 +=,.@_-)`);
  return text;
}

export function roleArnOf(text: string): string {
  if (!ROLE_ARN.test(text))
    throw new CliInputError(
      `--org-role-arn: "${text}" is not an IAM role ARN (arn:aws:iam::123456789012:role/name)`,
    );
  return text;
}

export function sourceIdentityOf(text: string): string {
  if (!SOURCE_IDENTITY.test(text))
    throw new CliInputError(
      `--source-identity: "${text}" is not a SourceIdentity (2-64 of A-Z a-z 0-9 +=,.@_-)`,
    );
  return text;
}

/** The file's directory must exist: found out now, not after every account was read. */
export function outOf(file: string): string {
  let isDirectory = false;
  try {
    isDirectory = statSync(dirname(file)).isDirectory();
  } catch {
    // Reported below, as for a path that is not a directory.
  }
  if (!isDirectory) throw new CliInputError(`--out: ${file}: no such directory: ${dirname(file)}`);
  return file;
}

/** Options that only mean something with `--org`. */
export function requireOrg(options: Record<string, unknown>, flags: Record<string, string>): void {
  for (const [key, flag] of Object.entries(flags))
    if (options[key] !== undefined) throw new CliInputError(`${flag} needs --org`);
}
