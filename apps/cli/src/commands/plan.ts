/**
 * `guardrail plan --group <group.json> [--policies <file.yaml>] [--event <event.json>]
 *  [--now <iso8601>] [--format text|json]`: what Guardrail would do to one group, offline.
 */
import {
  GroupDocumentError,
  GuardrailError,
  groupIdsOf,
  isGroupChange,
  loadPolicies,
  parseEvent,
  parseGroupDocument,
  planGroup,
  type SecurityGroupChange,
} from '@guardrail/core';
import type { Command } from 'commander';
import { CliInputError, type CliIo, readJsonFile } from '../io';
import { planToJson } from '../render/plan-json';
import { renderPlanText } from '../render/plan-text';

export interface PlanOptions {
  group: string;
  policies?: string;
  event?: string;
  now?: string;
  format: string;
}

function readGroup(file: string) {
  try {
    return parseGroupDocument(readJsonFile(file), file);
  } catch (error) {
    if (error instanceof GroupDocumentError) throw new CliInputError(error.message, { cause: error });
    throw error;
  }
}

function readEvent(file: string): SecurityGroupChange {
  const result = parseEvent(readJsonFile(file));
  if (!result.ok) throw new CliInputError(`${file}: ${result.error.message}`, { cause: result.error });
  return result.change;
}

function parseNow(text: string | undefined, io: CliIo): Date {
  if (text === undefined) return io.now();
  // An instant must say its zone: "2025-05-12T10:00:00Z", not a local time.
  const now = new Date(text);
  if (!/(Z|[+-]\d\d:?\d\d)$/i.test(text) || Number.isNaN(now.getTime())) {
    throw new CliInputError(`--now: "${text}" is not an ISO 8601 instant (e.g. 2025-05-12T10:00:00Z)`);
  }
  return now;
}

export function runPlan(options: PlanOptions, io: CliIo): void {
  if (options.format !== 'text' && options.format !== 'json') {
    throw new CliInputError(`--format: "${options.format}" is not text or json`);
  }
  const now = parseNow(options.now, io);
  const document = readGroup(options.group);
  let policies: ReturnType<typeof loadPolicies>;
  try {
    policies = loadPolicies(options.policies === undefined ? {} : { file: options.policies });
  } catch (error) {
    if (error instanceof GuardrailError) throw new CliInputError(error.message, { cause: error });
    throw error;
  }
  const change = options.event === undefined ? undefined : readEvent(options.event);
  // describe-security-groups does not say the region; the event does.
  const group = document.region === undefined && change ? { ...document, region: change.region } : document;
  if (change && !groupIdsOf(change).includes(group.groupId)) {
    io.stderr(`note: ${options.event} does not touch ${group.groupId}; every finding counts as drift\n`);
  }
  const account = group.ownerId ?? change?.account;
  const plan = planGroup({
    group,
    policies,
    now,
    // A tamper event names no group: it is evidence of nothing here (the note above says so).
    ...(change && isGroupChange(change) ? { changes: [change] } : {}),
    ...(account ? { account } : {}),
  });
  if (options.format === 'json') io.stdout(`${JSON.stringify(planToJson(plan, group.ownerId), null, 2)}\n`);
  else io.stdout(renderPlanText(plan, group, io.color));
}

export function registerPlanCommand(program: Command, io: CliIo): void {
  program
    .command('plan')
    .description('Show what Guardrail would do to one security group (reads files only, calls no AWS API)')
    .requiredOption(
      '--group <file>',
      'the group, as `aws ec2 describe-security-groups --group-ids X` prints it',
    )
    .option('--policies <file>', 'a policy file (YAML, version 1); the shipped policies are always included')
    .option('--event <file>', 'the triggering change: an EventBridge event or a bare CloudTrail record')
    .option('--now <iso8601>', 'evaluate at this instant (exceptions expire), default: now')
    .option('--format <format>', 'text or json', 'text')
    .action((options: PlanOptions) => runPlan(options, io));
}
