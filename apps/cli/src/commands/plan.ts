/**
 * `guardrail plan --group <group.json> [--policies <file.yaml>] [--event <event.json>]
 *  [--prefix-lists <lists.json>] [--now <iso8601>] [--format text|json]`: what Guardrail would do
 *  to one group, offline. The files are read strictly (../plan/): what EC2 would refuse is bad
 *  input, never a verdict.
 */
import {
  CidrError,
  describeRule,
  formatPath,
  GuardrailError,
  groupIdsOf,
  ipPermissionFromRule,
  isGroupChange,
  loadPolicies,
  type Plan,
  type PrefixListResolution,
  parseCidr,
  parseEvent,
  planGroup,
  prefixListIdsOf,
  type SecurityGroupChange,
  type SecurityGroupState,
} from '@guardrail/core';
import type { Command } from 'commander';
import { CliCommandFailed, CliInputError, type CliIo } from '../io';
import { parseInstant } from '../plan/now';
import { readGroupFile } from '../plan/read-group';
import { readJsonInput } from '../plan/read-json';
import { planToJson } from '../render/plan-json';
import { renderPlanText } from '../render/plan-text';

export interface PlanOptions {
  group: string;
  policies?: string;
  event?: string;
  prefixLists?: string;
  now?: string;
  format: string;
  /** Exit 1 when the group violates its policy or is misconfigured (a pipeline gate). */
  exitCode?: boolean;
}

function readEvent(file: string): SecurityGroupChange {
  const result = parseEvent(readJsonInput(file));
  if (!result.ok) throw new CliInputError(`${file}: ${result.error.message}`, { cause: result.error });
  return result.change;
}

/** A managed prefix list id: `pl-` and 8 (AWS-managed lists) or 17 hex digits. */
const PREFIX_LIST_ID = /^pl-[0-9a-f]{8}([0-9a-f]{9})?$/;

type JsonPath = (string | number)[];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `--prefix-lists`: the output of `aws ec2 get-managed-prefix-list-entries --prefix-list-id X`,
 * keyed by list id: `{ "pl-...": { "Entries": [{ "Cidr": "0.0.0.0/0" }] } }`. Strict: a bad id,
 * CIDR or key is an error naming the file, the JSON path and the value. Every list given is matched
 * as the CIDRs it holds (the file does not say who owns it).
 */
export function readPrefixLists(file: string): Map<string, PrefixListResolution> {
  const json = readJsonInput(file);
  const fail = (path: JsonPath, message: string): never => {
    throw new CliInputError(`${file}: ${path.length > 0 ? formatPath(path) : '(root)'}: ${message}`);
  };
  const onlyKeys = (value: Record<string, unknown>, path: JsonPath, allowed: string[]) => {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) fail([...path, key], `unknown key (expected ${allowed.join(' or ')})`);
    }
  };
  if (!isObject(json)) {
    return fail(
      [],
      'expected an object of prefix list ids, e.g. { "pl-0123456789abcdef0": { "Entries": [...] } }',
    );
  }
  const lists = new Map<string, PrefixListResolution>();
  for (const [id, value] of Object.entries(json)) {
    if (!PREFIX_LIST_ID.test(id))
      fail([id], `${JSON.stringify(id)} is not a prefix list id (pl- and 8 or 17 hex digits)`);
    if (!isObject(value))
      fail([id], 'expected the output of get-managed-prefix-list-entries: { "Entries": [...] }');
    const output = value as Record<string, unknown>;
    if (typeof output.NextToken === 'string' && output.NextToken !== '') {
      fail([id, 'NextToken'], 'the output is one page of the list only: read it whole (without --max-items)');
    }
    onlyKeys(output, [id], ['Entries', 'NextToken']);
    const entries = output.Entries;
    if (!Array.isArray(entries))
      fail([id, 'Entries'], `expected an array, got ${JSON.stringify(entries) ?? 'nothing'}`);
    const cidrs = (entries as unknown[]).map((entry, i) => {
      const path = [id, 'Entries', i];
      if (!isObject(entry)) return fail(path, `expected { "Cidr": ... }, got ${JSON.stringify(entry)}`);
      onlyKeys(entry, path, ['Cidr', 'Description']);
      if (typeof entry.Cidr !== 'string')
        return fail([...path, 'Cidr'], `expected a CIDR, got ${JSON.stringify(entry.Cidr) ?? 'nothing'}`);
      if (entry.Description !== undefined && typeof entry.Description !== 'string') {
        fail([...path, 'Description'], `expected a string, got ${JSON.stringify(entry.Description)}`);
      }
      try {
        parseCidr(entry.Cidr);
      } catch (error) {
        if (error instanceof CidrError) fail([...path, 'Cidr'], error.message);
        throw error;
      }
      return entry.Cidr;
    });
    lists.set(id, { id, owner: 'customer', entries: cidrs });
  }
  return lists;
}

/** The lists the group references and the file lacks: unverifiable, and said so. */
function withMissing(
  lists: Map<string, PrefixListResolution>,
  group: SecurityGroupState,
  file: string,
): Map<string, PrefixListResolution> {
  const all = new Map(lists);
  for (const id of prefixListIdsOf(group.rules)) {
    if (!all.has(id)) all.set(id, { id, unreadable: true, reason: `not in ${file}` });
  }
  return all;
}

function unverifiableText(plan: Plan): string {
  return (plan.unverifiable ?? [])
    .map(
      ({ prefixListId, reason, rules }) =>
        `unverifiable: ${prefixListId} (${reason}): judged as a reference only: ${rules.map(describeRule).join(', ')}\n`,
    )
    .join('');
}

export function runPlan(options: PlanOptions, io: CliIo): void {
  if (options.format !== 'text' && options.format !== 'json') {
    throw new CliInputError(`--format: ${JSON.stringify(options.format)} is not text or json`);
  }
  const now = options.now === undefined ? io.now() : parseInstant(options.now);
  const document = readGroupFile(options.group);
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
  const file = options.prefixLists;
  const prefixLists = file === undefined ? undefined : withMissing(readPrefixLists(file), group, file);
  const plan = planGroup({
    group,
    policies,
    now,
    // A tamper event names no group: it is evidence of nothing here (the note above says so).
    ...(change && isGroupChange(change) ? { changes: [change] } : {}),
    ...(account ? { account } : {}),
    ...(prefixLists ? { prefixLists } : {}),
  });
  if (options.format === 'json') {
    const json = planToJson(plan, group.ownerId);
    // Only with --prefix-lists (without it, prefix lists are references and nothing is unverifiable).
    const unverifiable = plan.unverifiable?.map(({ prefixListId, reason, rules }) => ({
      prefixListId,
      reason,
      permissions: rules.map((rule) => ipPermissionFromRule(rule, { ownerId: group.ownerId })),
    }));
    io.stdout(`${JSON.stringify(unverifiable ? { ...json, unverifiable } : json, null, 2)}\n`);
  } else {
    io.stdout(renderPlanText(plan, group, io.color) + unverifiableText(plan));
  }
  // The plan is printed either way; the status tells a pipeline whether the group passes.
  if (options.exitCode && (plan.violations.length > 0 || plan.misconfiguration !== undefined))
    throw new CliCommandFailed(`${group.groupId} does not pass its policy`);
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
    .option(
      '--prefix-lists <file>',
      'what the prefix lists hold: { "pl-...": <aws ec2 get-managed-prefix-list-entries output> }; ' +
        'a rule from a listed prefix list is judged as its CIDRs',
    )
    .option('--now <iso8601>', 'evaluate at this instant (exceptions expire), default: now')
    .option('--format <format>', 'text or json', 'text')
    .option(
      '--exit-code',
      'exit 1 when the group violates its policy or is misconfigured (0 compliant, 2 bad input)',
    )
    .action((options: PlanOptions) => runPlan(options, io));
}
