/**
 * Planning and printing a list of groups, whatever they were read from (files, or a live
 * account): each group planned on its own, printed in the order given, and, with `--exit-code`,
 * the command failing when any of them violates its policy or is misconfigured.
 */
import {
  type Baseline,
  type GroupChange,
  type Plan,
  type PolicyFile,
  type PrefixListResolutions,
  planGroup,
  type SecurityGroupState,
  type TagKeys,
} from '@guardrail/core';
import { CliCommandFailed, type CliIo } from '../io';
import { planToJson } from '../render/plan-json';
import { renderPlanSummary } from '../render/plan-summary';
import { renderPlanText } from '../render/plan-text';
import { failsGate } from './status';

export type PlanFormat = 'text' | 'json';

/** One group to plan. */
export interface PlanTarget {
  group: SecurityGroupState;
  /**
   * The prefix lists its rules reference, read by the caller. Given, a rule from a list is judged
   * as the CIDRs it holds, and a list absent or unreadable is reported as unverifiable.
   */
  prefixLists?: PrefixListResolutions;
  /** The changes that triggered the plan (evidence: "added by this change" or drift). */
  changes?: GroupChange[];
  /** The owning account, when the group does not say it (`ownerId`): for exceptions. */
  account?: string;
}

export interface PlanSettings {
  policies: PolicyFile;
  now: Date;
  tagKeys: TagKeys;
  format: PlanFormat;
  /** Fail (exit 1) when any group violates its policy, is misconfigured or cannot be judged. */
  exitCode: boolean;
  /**
   * A lock policy's baseline (`--baseline`), given to every group's plan: the planner judges the
   * locked group it belongs to by it, says any other locked group's is another's, and ignores it
   * for the other policies.
   */
  baseline?: Baseline;
}

function planOf(target: PlanTarget, settings: PlanSettings): Plan {
  const { group, prefixLists, changes } = target;
  const account = group.ownerId ?? target.account;
  return planGroup({
    group,
    policies: settings.policies,
    now: settings.now,
    tagKeys: settings.tagKeys,
    ...(changes && changes.length > 0 ? { changes } : {}),
    ...(account ? { account } : {}),
    ...(prefixLists ? { prefixLists } : {}),
    ...(settings.baseline ? { baseline: settings.baseline } : {}),
  });
}

/**
 * Text: each group's plan in turn, and for any number but one a summary line. JSON: one group's
 * object alone, any other number an array of them in the order given.
 */
export function planAndPrint(targets: readonly PlanTarget[], settings: PlanSettings, io: CliIo): void {
  const plans = targets.map((target) => planOf(target, settings));
  if (settings.format === 'json') {
    const objects = plans.map((plan, i) => planToJson(plan, targets[i]!.group));
    io.stdout(`${JSON.stringify(objects.length === 1 ? objects[0] : objects, null, 2)}\n`);
  } else {
    const texts = plans.map((plan, i) => renderPlanText(plan, targets[i]!.group, io.color));
    // Groups apart by a blank line; the summary after them (alone when there is no group).
    if (plans.length !== 1) texts.push(renderPlanSummary(plans));
    io.stdout(texts.join('\n'));
  }
  // The plans are printed either way; the status tells a pipeline whether the groups pass.
  const failing = plans.filter(failsGate);
  if (settings.exitCode && failing.length > 0) {
    throw new CliCommandFailed(
      plans.length === 1
        ? `${failing[0]!.groupId} does not pass its policy`
        : `${failing.length} of ${plans.length} groups do not pass their policy`,
    );
  }
}
