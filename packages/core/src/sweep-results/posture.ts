/**
 * A sweep's stored results as the pieces of a posture report: every group the hub judged, and
 * every planned target it could not read or has no result for. A target without a result is a
 * gap with its reason, never a compliant cell.
 */
import { GuardrailError } from '../errors';
import type { PostureReportInput } from '../report/posture';
import type { PostureGap, PostureGroup } from '../report/types';
import type { SweepManifest, SweepTargetResult } from './types';

/** Why a planned target has no result file. */
export const NO_RESULT_REASON = 'no result: the target was not processed yet or its write failed';

/** Results handed in that belong to another sweep than the manifest's. */
export class SweepMismatchError extends GuardrailError {
  override readonly name = 'SweepMismatchError';
}

export type SweepPosture = Omit<PostureReportInput, 'generatedAt'> & {
  source: { kind: 'sweep'; sweepId: string };
};

const whereKey = (t: { account: string; region: string }) => `${t.account}/${t.region}`;

export function postureFromSweep(
  manifest: SweepManifest,
  results: readonly SweepTargetResult[],
): SweepPosture {
  const byTarget = new Map<string, SweepTargetResult>();
  for (const result of results) {
    if (result.sweepId !== manifest.sweepId)
      throw new SweepMismatchError(
        `the result of ${whereKey(result)} belongs to sweep ${result.sweepId}, not ${manifest.sweepId}`,
      );
    byTarget.set(whereKey(result), result);
  }
  const names = new Map(manifest.targets.map((t) => [whereKey(t), t.accountName]));
  const groups: PostureGroup[] = [];
  const unreadable: PostureGap[] = [];
  const read: SweepPosture['read'][number][] = [];
  for (const result of byTarget.values()) {
    const accountName = result.accountName ?? names.get(whereKey(result));
    const where = {
      account: result.account,
      ...(accountName === undefined ? {} : { accountName }),
      region: result.region,
    };
    if (result.outcome === 'swept') {
      read.push(where);
      groups.push(...result.groups);
    } else {
      unreadable.push({ ...where, code: result.outcome, reason: result.reason ?? result.outcome });
    }
  }
  // A planned target without a result: not processed yet, or its result could not be written.
  for (const target of manifest.targets) {
    if (byTarget.has(whereKey(target))) continue;
    unreadable.push({ ...target, code: 'no-result', reason: NO_RESULT_REASON });
  }
  unreadable.sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region));
  return { groups, unreadable, read, source: { kind: 'sweep', sweepId: manifest.sweepId } };
}
