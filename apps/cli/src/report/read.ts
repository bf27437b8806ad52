/**
 * What `guardrail report` reads, read-only: in each account x region every group carrying the
 * opt-in tag with its rules (the hub's own gateway), judged by the hub's planner. At most
 * `concurrency` account x regions are read at once. One that cannot be read (its role missing or
 * not assumable, the region denied, still throttled after the SDK's retries) is a gap in the
 * report with its code and reason, never a silent omission, and never stops the others.
 */
import { AssumeRoleError, classifyAwsError, SecurityGroupGateway } from '@guardrail/aws';
import {
  type PolicyFile,
  type PostureGap,
  type PostureGroup,
  type PostureWhere,
  planGroup,
  postureGroup,
  type TagKeys,
} from '@guardrail/core';
import type { Progress } from '../progress';
import { mapBounded } from './pool';
import type { ReportCell, ReportTargets } from './targets';

export interface ReadPostureInput {
  targets: ReportTargets;
  policies: PolicyFile;
  tagKeys: TagKeys;
  now: Date;
  /** Account x regions read at once. */
  concurrency: number;
  progress: Progress;
}

export interface PostureRead {
  groups: PostureGroup[];
  unreadable: PostureGap[];
  /** The account x regions read (with or without opted-in groups). */
  read: PostureWhere[];
}

type CellResult = { ok: true; groups: PostureGroup[] } | { ok: false; gap: PostureGap };

export async function readPosture(input: ReadPostureInput): Promise<PostureRead> {
  const { cells } = input.targets;
  input.progress.start(cells.length);
  try {
    const results = await mapBounded(cells, input.concurrency, async (cell) => {
      const result = await readCell(input, cell);
      input.progress.tick();
      return result;
    });
    return {
      groups: results.flatMap((r) => (r.ok ? r.groups : [])),
      unreadable: results.flatMap((r) => (r.ok ? [] : [r.gap])),
      read: cells.filter((_, i) => results[i]?.ok).map(where),
    };
  } finally {
    input.progress.end();
  }
}

const where = (cell: ReportCell): PostureWhere => ({
  account: cell.account,
  ...(cell.accountName === undefined ? {} : { accountName: cell.accountName }),
  region: cell.region,
});

async function readCell(input: ReadPostureInput, cell: ReportCell): Promise<CellResult> {
  try {
    const listed = await new SecurityGroupGateway(input.targets.ec2(cell)).listOptedInGroups(
      input.tagKeys.policy,
    );
    const groups = listed.map((group) =>
      postureGroup(
        group,
        planGroup({
          group,
          policies: input.policies,
          now: input.now,
          account: cell.account,
          tagKeys: input.tagKeys,
        }),
        where(cell),
      ),
    );
    return { ok: true, groups };
  } catch (error) {
    // The gateway wraps what failed (an AssumeRoleError, the SDK's own error): the code is the cause's.
    const { code, message } = classifyAwsError(error);
    return { ok: false, gap: { ...where(cell), code, reason: assumeRoleFailure(error)?.message ?? message } };
  }
}

/** The role that could not be assumed says it all ("cannot assume <arn> in account <id>: ..."). */
function assumeRoleFailure(error: unknown): AssumeRoleError | undefined {
  for (let e = error; e instanceof Error; e = e.cause) if (e instanceof AssumeRoleError) return e;
  return undefined;
}
