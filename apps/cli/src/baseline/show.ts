/**
 * `guardrail baseline show` and `guardrail baseline history`: the baseline the hub keeps for a
 * group (read from its state table, never written), with, for `show`, the group now read live and
 * read-only, and how it differs (core's diffBaseline: rules added, baseline rules missing,
 * descriptions changed). A group the hub keeps no baseline for is exit 2.
 */
import { BASELINE_HISTORY_LIMIT, type Baseline, diffBaseline } from '@guardrail/core';
import { CliInputError } from '../io';
import { readGroupNow } from './group';
import { type BaselineFlags, type BaselineIo, type BaselineTarget, baselineTargetOf } from './options';
import { historyJson, renderHistoryText, renderShowText, showJson } from './render';
import { type BaselineTable, withBaselineTable } from './table';

/** No baseline: the group is not under a lock policy, or the hub has not seen it opted in yet. */
export function noBaseline(target: BaselineTarget, table: BaselineTable, then: string): CliInputError {
  return new CliInputError(
    `--group-id: no baseline is kept for ${target.groupId} (account ${target.account}, ${target.region}) in ` +
      `table ${table.name}: ${then}`,
  );
}

const NOT_YET =
  'the hub captures one when the group is opted into a lock policy (or first finds it opted in)';

async function recalled(target: BaselineTarget, io: BaselineIo): Promise<Baseline> {
  return withBaselineTable(target, io, async (table) => {
    const baseline = await table.recall();
    if (baseline === undefined) throw noBaseline(target, table, NOT_YET);
    return baseline;
  });
}

function print(io: BaselineIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

export async function runBaselineShow(flags: BaselineFlags, io: BaselineIo): Promise<void> {
  const target = baselineTargetOf(flags);
  const baseline = await recalled(target, io);
  const { group } = await readGroupNow(target, io);
  const diff = diffBaseline(baseline, group.rules);
  if (target.format === 'json') print(io, showJson(baseline, diff));
  else io.stdout(renderShowText(baseline, group, diff, io.color));
}

export async function runBaselineHistory(
  flags: Omit<BaselineFlags, 'roleArn'>,
  io: BaselineIo,
): Promise<void> {
  const target = baselineTargetOf(flags);
  const baseline = await recalled(target, io);
  if (target.format === 'json') print(io, historyJson(baseline));
  else io.stdout(renderHistoryText(baseline, BASELINE_HISTORY_LIMIT, io.color));
}
