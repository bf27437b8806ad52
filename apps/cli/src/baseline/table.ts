/**
 * The hub's state table, where it keeps each locked group's baseline (@guardrail/aws
 * DynamoDbBaselineStore, the hub's own store): named by `--table`, or read from the hub stack's
 * Outputs (`--stack`), with the caller's own credentials (the standard chain or `--profile`,
 * never `--role-arn`, which is for reading the group). The caller's identity (STS
 * GetCallerIdentity) is what `baseline accept` records.
 *
 * A table that does not exist is the user's input to fix (exit 2); a read or write that fails
 * (denied, throttled after the retries) or an item that is not a baseline is a command that could
 * not do its job (exit 1), said on one line.
 */
import { type BaselineSave, classifyAwsError, createStateStores, StateStoreError } from '@guardrail/aws';
import type { Baseline } from '@guardrail/core';
import { awsErrorText, rootAwsError } from '../aws/errors';
import { type AwsSession, currentUser, sessionNameFor, withAwsSession } from '../aws/session';
import { readHubStackOutputs } from '../aws/stack-outputs';
import { CliCommandFailed, CliInputError } from '../io';
import type { BaselineIo, BaselineTarget } from './options';

export interface BaselineTable {
  name: string;
  region: string;
  /** The group's baseline, undefined when the hub keeps none. */
  recall(): Promise<Baseline | undefined>;
  /** Writes `baseline` in place of version `replaces`: `conflict` when another version was written meanwhile. */
  save(baseline: Baseline, replaces: number): Promise<BaselineSave>;
  /** Who the table is read (and written) as. */
  caller(): Promise<{ account: string; arn: string }>;
}

function failed(io: BaselineIo, message: string, cause: unknown): CliCommandFailed {
  io.stderr(`error: ${message}\n`);
  return new CliCommandFailed(message, { cause });
}

/** What went wrong with the table, as the CLI tells it. */
function tableError(error: unknown, table: { name: string; region: string; flag: string }, io: BaselineIo) {
  if (classifyAwsError(rootAwsError(error)).code === 'ResourceNotFoundException')
    return new CliInputError(`${table.flag}: table ${table.name} not found in ${table.region}`, {
      cause: error,
    });
  // The store read the item but it is not a baseline: never taken for "no baseline".
  if (error instanceof StateStoreError && error.operation.startsWith('read '))
    return failed(
      io,
      `the baseline item in ${table.name} cannot be read: ${(error.cause as Error).message}`,
      error,
    );
  return failed(io, `cannot use table ${table.name} in ${table.region}: ${awsErrorText(error)}`, error);
}

async function tableName(target: BaselineTarget, session: AwsSession, io: BaselineIo) {
  if ('table' in target.source) return { name: target.source.table, flag: '--table' };
  const credentials = session.options.credentials;
  const outputs = await readHubStackOutputs(
    {
      stack: target.source.stack,
      region: target.hubRegion,
      aws: { ...io.aws, ...(credentials === undefined ? {} : { credentials }) },
    },
    io,
  );
  return { name: outputs.get('stateTableName'), flag: '--stack' };
}

/** Runs `use` with the group's baseline table, its clients released afterwards. */
export function withBaselineTable<T>(
  target: BaselineTarget,
  io: BaselineIo,
  use: (table: BaselineTable) => Promise<T>,
): Promise<T> {
  const { profile } = target.credentials;
  return withAwsSession(
    {
      region: target.hubRegion,
      sessionName: sessionNameFor('baseline', currentUser()),
      ...(profile === undefined ? {} : { profile }),
      ...(io.aws === undefined ? {} : { aws: io.aws }),
    },
    async (session) => {
      const { name, flag } = await tableName(target, session, io);
      const where = { name, region: target.hubRegion, flag };
      const stores = createStateStores(name, { aws: session.options });
      const group = { account: target.account, region: target.region, groupId: target.groupId };
      try {
        return await use({
          name,
          region: target.hubRegion,
          recall: () =>
            stores.baselines.recall(group).catch((error: unknown) => {
              throw tableError(error, where, io);
            }),
          save: (baseline, replaces) =>
            stores.baselines.save(baseline, replaces).catch((error: unknown) => {
              throw tableError(error, where, io);
            }),
          caller: () => session.identity(),
        });
      } finally {
        stores.destroy();
      }
    },
  );
}
