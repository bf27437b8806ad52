/**
 * `guardrail plan (--group <file|-> [--rules <file|->] [--prefix-lists <lists.json>]
 *  | --region <r> [--profile <p>] [--role-arn <arn>] (--group-id <sg...> | --all-tagged))
 *  [--policies <file.yaml>] [--event <event.json>] [--baseline <file>] [--tag-policy <key>] [--tag-mode <key>]
 *  [--now <iso8601>] [--format text|json] [--exit-code]`: what Guardrail would do to the groups
 *  of a describe-security-groups output (or one group), offline, or to the groups read live from
 *  an account, read-only (../plan/live.ts). The files are read strictly (../plan/): what EC2
 *  would refuse is bad input, never a verdict. Where the groups come from (fileTargets,
 *  liveTargets) is apart from planning and printing them (planAndPrint).
 */
import {
  groupIdsOf,
  isGroupChange,
  parseEvent,
  type SecurityGroupChange,
  type TagKeys,
} from '@guardrail/core';
import type { Command } from 'commander';
import { CliInputError } from '../io';
import { readBaselineFile } from '../plan/baseline-file';
import { groupsFromFiles } from '../plan/file-groups';
import {
  addLivePlanOptions,
  type LivePlanFlags,
  type LiveSource,
  liveSourceOf,
  readLiveGroups,
} from '../plan/live';
import { parseInstant } from '../plan/now';
import { type PlanFormat, type PlanSettings, type PlanTarget, planAndPrint } from '../plan/plan-groups';
import { readPrefixListsFile, withMissingLists } from '../plan/prefix-lists-file';
import { readJsonInput, readJsonSource } from '../plan/read-json';
import { readPolicies } from '../plan/read-policies';
import { type PlanIo, STDIN } from '../plan/stdin';
import { resolveTagKeys, type TagKeyFlags } from '../plan/tag-keys';

export interface PlanOptions extends TagKeyFlags, LivePlanFlags {
  /** The groups' file; without it, a live source (--region ...) is required. */
  group?: string;
  rules?: string;
  policies?: string;
  event?: string;
  prefixLists?: string;
  /** A lock policy's baseline (`guardrail baseline show --format json`, or the bare baseline). */
  baseline?: string;
  now?: string;
  format: string;
  /** Exit 1 when a group violates its policy or is misconfigured (a pipeline gate). */
  exitCode?: boolean;
}

type Env = Record<string, string | undefined>;

function readEvent(file: string): SecurityGroupChange {
  const result = parseEvent(readJsonInput(file));
  if (!result.ok) throw new CliInputError(`${file}: ${result.error.message}`, { cause: result.error });
  return result.change;
}

function formatOf(text: string): PlanFormat {
  if (text !== 'text' && text !== 'json') {
    throw new CliInputError(`--format: ${JSON.stringify(text)} is not text or json`);
  }
  return text;
}

/** The groups of `--group` (with `--rules`), each with the evidence and prefix lists the files give. */
async function fileTargets(options: PlanOptions & { group: string }, io: PlanIo): Promise<PlanTarget[]> {
  if (options.group === STDIN && options.rules === STDIN)
    throw new CliInputError('--group and --rules: only one of them can be - (standard input)');
  const group = await readJsonSource(options.group, '--group', io);
  const rules = options.rules === undefined ? undefined : await readJsonSource(options.rules, '--rules', io);
  const groups = groupsFromFiles({ group, ...(rules ? { rules } : {}) });
  const change = options.event === undefined ? undefined : readEvent(options.event);
  const touched = change ? groupIdsOf(change) : [];
  if (change && groups.length > 0 && !groups.some((g) => touched.includes(g.groupId))) {
    const which = groups.length === 1 ? `does not touch ${groups[0]!.groupId}` : 'touches none of the groups';
    io.stderr(`note: ${options.event} ${which}; every finding counts as drift\n`);
  }
  const listsFile = options.prefixLists;
  const lists = listsFile === undefined ? undefined : readPrefixListsFile(listsFile);
  return groups.map((state) => {
    // describe-security-groups does not say the region; the event does.
    const g = state.region === undefined && change ? { ...state, region: change.region } : state;
    return {
      group: g,
      // A tamper event names no group: it is evidence of nothing here.
      ...(change && isGroupChange(change) && touched.includes(g.groupId) ? { changes: [change] } : {}),
      ...(change ? { account: change.account } : {}),
      ...(lists && listsFile ? { prefixLists: withMissingLists(lists, g, listsFile) } : {}),
    };
  });
}

/** The groups a live source names, read-only from AWS, each with its account and prefix lists. */
async function liveTargets(
  source: LiveSource,
  options: PlanOptions,
  tagKeys: TagKeys,
  io: PlanIo,
): Promise<PlanTarget[]> {
  const change = options.event === undefined ? undefined : readEvent(options.event);
  const live = await readLiveGroups({
    ...source,
    tagKeys,
    ...(io.aws === undefined ? {} : { aws: io.aws }),
    onProgress: (done, total) => {
      if (done === total || done % 50 === 0) io.stderr(`read ${done}/${total} groups\n`);
    },
  });
  const touched = change ? groupIdsOf(change) : [];
  return live.groups.map((group) => ({
    group,
    account: live.account,
    prefixLists: live.prefixLists,
    ...(change && isGroupChange(change) && touched.includes(group.groupId) ? { changes: [change] } : {}),
  }));
}

/** The groups to plan: from the files, or from AWS; one of the two is required. */
function targetsOf(options: PlanOptions, tagKeys: TagKeys, io: PlanIo): Promise<PlanTarget[]> {
  const live = liveSourceOf(options);
  if (live !== undefined) return liveTargets(live, options, tagKeys, io);
  const { group } = options;
  if (group === undefined)
    throw new CliInputError(
      'say which groups to plan: --group <file> (describe-security-groups output, - for stdin), or read them live with --region <region> and --group-id <sg-...> or --all-tagged',
    );
  return fileTargets({ ...options, group }, io);
}

export async function runPlan(options: PlanOptions, io: PlanIo, env: Env = io.env ?? {}): Promise<void> {
  const format = formatOf(options.format);
  const now = options.now === undefined ? io.now() : parseInstant(options.now);
  const tagKeys = resolveTagKeys(options, env);
  // Read before any group (or AWS call): a bad baseline file is bad input, whatever the groups.
  const baseline = options.baseline === undefined ? undefined : readBaselineFile(options.baseline);
  const targets = await targetsOf(options, tagKeys, io);
  const settings: PlanSettings = {
    policies: readPolicies(options.policies),
    now,
    tagKeys,
    format,
    exitCode: options.exitCode === true,
    ...(baseline === undefined ? {} : { baseline }),
  };
  planAndPrint(targets, settings, io);
}

export function registerPlanCommand(program: Command, io: PlanIo): void {
  const command = program
    .command('plan')
    .description(
      'Show what Guardrail would do to security groups, from files or read live (read-only): docs/cli.md',
    )
    .option(
      '--group <file>',
      'the groups, as `aws ec2 describe-security-groups` prints them (any number), or one group; - reads standard input',
    )
    .option(
      '--rules <file>',
      'their rules, as `aws ec2 describe-security-group-rules` prints them (rule ids then known); - reads standard input',
    );
  addLivePlanOptions(command)
    .option('--policies <file>', 'a policy file (YAML, version 1); the shipped policies are always included')
    .option('--event <file>', 'the triggering change: an EventBridge event or a bare CloudTrail record')
    .option(
      '--baseline <file>',
      "a lock policy's baseline, to judge its group by (what `guardrail baseline show --format json` prints, or the baseline alone)",
    )
    .option(
      '--prefix-lists <file>',
      'what the prefix lists hold: { "pl-...": <aws ec2 get-managed-prefix-list-entries output> }; ' +
        'a rule from a listed prefix list is judged as its CIDRs',
    )
    .option(
      '--tag-policy <key>',
      'the opt-in tag key (default: $GUARDRAIL_TAG_POLICY, else guardrail:policy)',
    )
    .option('--tag-mode <key>', 'the mode tag key (default: $GUARDRAIL_TAG_MODE, else guardrail:mode)')
    .option('--now <iso8601>', 'evaluate at this instant (exceptions expire), default: now')
    .option('--format <format>', 'text or json', 'text')
    .option(
      '--exit-code',
      'exit 1 when a group violates its policy or is misconfigured (0 all pass, 2 bad input)',
    )
    // The environment is read once, here: the hub's tag key variables are plan's defaults too.
    .action((options: PlanOptions) => runPlan(options, io, io.env ?? process.env));
}
