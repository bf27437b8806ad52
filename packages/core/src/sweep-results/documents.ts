/**
 * The two sweep documents: built by their writers (the sweep, the hub) and parsed back strictly by
 * their reader (`guardrail report --from-sweep`). Fields a later version of this schema adds are
 * ignored; a missing, mistyped or unknown-valued field is an error naming the key and the path.
 */
import { ACCOUNT_ID_PATTERN, REGION_PATTERN } from '../contract/patterns';
import { sweepResultKeys } from '../contract/sweep-results';
import type { PostureGroup } from '../report/types';
import { SweepDocumentError } from './errors';
import {
  type Element,
  expectObject,
  type JsonObject,
  optionalString,
  requiredArray,
  requiredInstant,
  requiredMatch,
  requiredOneOf,
  requiredVersion,
  ShapeError,
} from './fields';
import { readPostureGroup } from './group-reader';
import { SWEEP_ID_PATTERN, SWEEP_RESULTS_SCHEMA_VERSION } from './names';
import type {
  SweepManifest,
  SweepManifestTarget,
  SweepTargetResult,
  SweepTargetResultOutcome,
} from './types';

const OUTCOMES: readonly SweepTargetResultOutcome[] = ['swept', 'account-error', 'skipped'];

export function sweepManifest(input: {
  sweepId: string;
  plannedAt: Date;
  targets: readonly SweepManifestTarget[];
}): SweepManifest {
  return {
    schemaVersion: SWEEP_RESULTS_SCHEMA_VERSION,
    sweepId: input.sweepId,
    plannedAt: input.plannedAt.toISOString(),
    targets: input.targets.map((t) => ({
      account: t.account,
      ...(t.accountName === undefined ? {} : { accountName: t.accountName }),
      region: t.region,
    })),
  };
}

export function sweepTargetResult(input: {
  sweepId: string;
  account: string;
  accountName?: string;
  region: string;
  writtenAt: Date;
  outcome: SweepTargetResultOutcome;
  reason?: string;
  groups: readonly PostureGroup[];
}): SweepTargetResult {
  return {
    schemaVersion: SWEEP_RESULTS_SCHEMA_VERSION,
    sweepId: input.sweepId,
    account: input.account,
    ...(input.accountName === undefined ? {} : { accountName: input.accountName }),
    region: input.region,
    writtenAt: input.writtenAt.toISOString(),
    outcome: input.outcome,
    ...(input.reason === undefined ? {} : { reason: input.reason }),
    groups: [...input.groups],
  };
}

/** JSON text of `key`, as S3 returned it. */
function jsonOf(text: string, key: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SweepDocumentError(key, '', `is not JSON (${(error as Error).message})`, { cause: error });
  }
}

/** Runs a document's reader; its ShapeErrors become SweepDocumentErrors for `key`. */
function readDocument<T>(json: unknown, key: string, read: (doc: JsonObject) => T): T {
  try {
    return read(expectObject(json, ''));
  } catch (error) {
    // Only shape problems are the document's fault; anything else is a bug to surface as is.
    if (!(error instanceof ShapeError)) throw error;
    throw new SweepDocumentError(key, error.path, error.problem, { cause: error });
  }
}

const sweepIdOf = (doc: JsonObject) => requiredMatch(doc, 'sweepId', '', SWEEP_ID_PATTERN, 'a sweep id');
const accountOf = (obj: JsonObject, path: string) =>
  requiredMatch(obj, 'account', path, ACCOUNT_ID_PATTERN, 'a 12-digit account id');
const regionOf = (obj: JsonObject, path: string) =>
  requiredMatch(obj, 'region', path, REGION_PATTERN, 'an AWS region');

function manifestTarget({ value, path }: Element): SweepManifestTarget {
  const t = expectObject(value, path);
  const account = accountOf(t, path);
  const accountName = optionalString(t, 'accountName', path);
  return { account, ...(accountName === undefined ? {} : { accountName }), region: regionOf(t, path) };
}

/** `sweeps/<sweepId>/manifest.json`, read from `key` (its sweep's manifest key: a copy elsewhere is refused). */
export function parseSweepManifest(text: string, key: string): SweepManifest {
  return readSweepManifest(jsonOf(text, key), key);
}

/** The manifest from already parsed JSON. */
export function readSweepManifest(json: unknown, key: string): SweepManifest {
  return readDocument(json, key, (doc) => {
    requiredVersion(doc, SWEEP_RESULTS_SCHEMA_VERSION);
    const sweepId = sweepIdOf(doc);
    if (key !== sweepResultKeys.manifest(sweepId))
      throw new ShapeError('sweepId', `is ${JSON.stringify(sweepId)}: this is not that sweep's manifest`);
    return {
      schemaVersion: SWEEP_RESULTS_SCHEMA_VERSION,
      sweepId,
      plannedAt: requiredInstant(doc, 'plannedAt', ''),
      targets: requiredArray(doc, 'targets', '').map(manifestTarget),
    };
  });
}

/** `sweeps/<sweepId>/<account>/<region>.json`, read from `key` (the key of the target it names). */
export function parseSweepTargetResult(text: string, key: string): SweepTargetResult {
  return readSweepTargetResult(jsonOf(text, key), key);
}

/** A target's result from already parsed JSON. */
export function readSweepTargetResult(json: unknown, key: string): SweepTargetResult {
  return readDocument(json, key, (doc) => {
    requiredVersion(doc, SWEEP_RESULTS_SCHEMA_VERSION);
    const sweepId = sweepIdOf(doc);
    const account = accountOf(doc, '');
    const region = regionOf(doc, '');
    if (key !== sweepResultKeys.target(sweepId, account, region))
      throw new ShapeError(
        '',
        `is the result of ${sweepResultKeys.target(sweepId, account, region)}, not of this key`,
      );
    const accountName = optionalString(doc, 'accountName', '');
    const writtenAt = requiredInstant(doc, 'writtenAt', '');
    const outcome = requiredOneOf(doc, 'outcome', '', OUTCOMES);
    const reason = optionalString(doc, 'reason', '');
    const groups = requiredArray(doc, 'groups', '');
    if (outcome !== 'swept') {
      if (reason === undefined) throw new ShapeError('reason', `is required when the outcome is ${outcome}`);
      if (groups.length > 0) throw new ShapeError('groups', `must be empty when the outcome is ${outcome}`);
    }
    return {
      schemaVersion: SWEEP_RESULTS_SCHEMA_VERSION,
      sweepId,
      account,
      ...(accountName === undefined ? {} : { accountName }),
      region,
      writtenAt,
      outcome,
      ...(reason === undefined ? {} : { reason }),
      groups: groups.map((group) => readPostureGroup(group, { account, region })),
    };
  });
}
