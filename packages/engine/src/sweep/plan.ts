/**
 * Planning a sweep (design.md sections 2 and 9): enrolled accounts x target regions, one message
 * per account naming its regions (and that the account was ACTIVE when listed) on the sweep queue.
 * The sweep queue's consumers then reconcile the targets in parallel, one instance per account
 * (one AssumeRole for all its regions), so a sweep of 1,000 accounts x every region is bounded by
 * the request quotas, not by this function.
 */
import { randomUUID } from 'node:crypto';
import { errorText, sweepManifest } from '@guardrail/core';
import { createLimiter } from '../limiter';
import type { EngineLogger, MetricsSink } from '../ports';
import { SweepEnqueueError, SweepPlanError } from './errors';
import { isValidSweepId, type SweepChecks, sweepDeadlineBody, sweepTargetBody } from './messages';
import { SWEEP_METRICS } from './metric-names';
import type {
  EnrolledAccountsPort,
  RecheckQueuePort,
  SweepQueueFailure,
  SweepQueuePort,
  SweepResultsPort,
} from './ports';
import { delayUntil } from './recheck';
import { writeSweepDocument } from './results';
import type { SweepTallyOpening, SweepTallyPort } from './tally';

export interface PlanSweepDeps {
  accounts: EnrolledAccountsPort;
  queue: SweepQueuePort;
  /** Target regions (GUARDRAIL_SWEEP_REGIONS). */
  regions: readonly string[];
  logger?: EngineLogger;
  metrics?: MetricsSink;
  now?: () => Date;
  /** SendMessageBatch calls in flight (default 8). */
  concurrency?: number;
  /** Attempts per batch entry that SQS rejected (default 3). */
  attempts?: number;
  /** Where the manifest of a full sweep is written (GUARDRAIL_SWEEP_RESULTS_BUCKET); none without it. */
  results?: SweepResultsPort;
  /** Where a full sweep's expected targets are recorded, for its one summary; none without it. */
  tally?: SweepTallyPort;
  /**
   * When a full sweep should be done (GUARDRAIL_SWEEP_DEADLINE_SECONDS after it is planned), and
   * the sweep queue its deadline message goes to (delayed): a sweep not done by then is alerted.
   */
  deadline?: { afterMs: number; queue: RecheckQueuePort };
}

export interface SweepPlan {
  sweepId: string;
  startedAt: string;
  accounts: number;
  regions: string[];
  /** Accounts x regions. */
  targets: number;
  /** Targets enqueued (accounts x regions, less those whose message SQS refused). */
  enqueued: number;
  /** Messages sent: one per account. */
  messages: number;
  /**
   * Whether the manifest (the planned targets, for `guardrail report --from-sweep`) was written:
   * set for a full sweep when a results bucket is configured. Not written, the sweep still runs.
   */
  manifest?: 'written' | 'not-written';
}

/** SendMessageBatch's limit. */
export const SWEEP_BATCH_SIZE = 10;

interface Entry {
  id: string;
  body: string;
  account: string;
  regions: readonly string[];
}

/**
 * Lists the enrolled accounts and enqueues one sweep target per account and region. Throws
 * SweepPlanError when there is nothing it can plan, and SweepEnqueueError (after enqueuing
 * everything else) when some targets could not be enqueued, so the scheduler's retry applies.
 */
export async function planSweep(
  deps: PlanSweepDeps,
  request: { sweepId?: string; checks?: SweepChecks } = {},
): Promise<SweepPlan> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const sweepId = request.sweepId ?? newSweepId(startedAt);
  if (!isValidSweepId(sweepId)) throw new SweepPlanError(`invalid sweep id: ${sweepId}`);
  const regions = [...new Set(deps.regions)];
  if (regions.length === 0) throw new SweepPlanError('no sweep region configured');

  let accounts: { id: string; name?: string }[];
  try {
    accounts = await deps.accounts.listActive();
  } catch (error) {
    throw new SweepPlanError(`cannot list the enrolled accounts: ${errorText(error)}`, { cause: error });
  }

  // What the listing said, and when: a worker need not ask Organizations again while it is fresh.
  const listedAt = now().toISOString();
  const entries: Entry[] = accounts.map((account) => ({
    id: '',
    body: sweepTargetBody(sweepId, account.id, regions, request.checks, {
      state: 'ACTIVE',
      at: listedAt,
      ...(account.name === undefined ? {} : { name: account.name }),
    }),
    account: account.id,
    regions,
  }));
  // Before the targets go out: a target can then never finish before its sweep's tally is open.
  const full = !request.checks;
  const deadlineAt = new Date(startedAt.getTime() + (deps.deadline?.afterMs ?? 0));
  const tallied =
    full && deps.tally
      ? await openTally(deps, {
          sweepId,
          startedAt: startedAt.toISOString(),
          deadline: deadlineAt.toISOString(),
          accounts: accounts.length,
          regions,
          expected: accounts.length * regions.length,
        })
      : false;
  // Before the targets go out: a result can then never precede the manifest that lists it.
  const manifest =
    deps.results && !request.checks
      ? await writeManifest(deps.results, { sweepId, startedAt, accounts, regions }, deps)
      : undefined;
  const chunks: Entry[][] = [];
  for (let i = 0; i < entries.length; i += SWEEP_BATCH_SIZE) {
    // Entry ids need only be unique within one call.
    chunks.push(entries.slice(i, i + SWEEP_BATCH_SIZE).map((e, j) => ({ ...e, id: `t${j}` })));
  }
  const limiter = createLimiter({ max: deps.concurrency ?? 8, perKey: deps.concurrency ?? 8 });
  const attempts = Math.max(1, deps.attempts ?? 3);
  const failures = (
    await Promise.all(chunks.map((chunk) => limiter.run('queue', () => send(deps.queue, chunk, attempts))))
  ).flat();

  const targets = accounts.length * regions.length;
  const enqueued = targets - failures.length;
  deps.metrics?.record({ name: SWEEP_METRICS.targetsEnqueued, unit: 'Count', value: enqueued });
  const plan: SweepPlan = {
    sweepId,
    startedAt: startedAt.toISOString(),
    accounts: accounts.length,
    regions,
    targets,
    enqueued,
    messages: entries.length,
    ...(manifest ? { manifest } : {}),
  };
  if (tallied && deps.deadline) await sendDeadline(deps, deps.deadline.queue, sweepId, deadlineAt, now());
  if (failures.length > 0) {
    deps.logger?.error('sweep targets could not be enqueued', { ...plan, failed: failures.length });
    throw new SweepEnqueueError(sweepId, failures);
  }
  deps.logger?.info('sweep planned', { ...plan });
  return plan;
}

/** The sweep's tally opened; false (logged) when it could not be: the sweep runs, without a summary. */
async function openTally(deps: PlanSweepDeps, opening: SweepTallyOpening): Promise<boolean> {
  try {
    await deps.tally?.open(opening);
    return true;
  } catch (error) {
    deps.logger?.warn('sweep tally not opened: this sweep publishes no summary', {
      sweepId: opening.sweepId,
      reason: errorText(error),
    });
    return false;
  }
}

/** The deadline message, delayed as long as SQS allows (it is put back until due). Logged when it fails. */
async function sendDeadline(
  deps: PlanSweepDeps,
  queue: RecheckQueuePort,
  sweepId: string,
  at: Date,
  now: Date,
): Promise<void> {
  const deadline = { notBefore: at.toISOString() };
  try {
    await queue.send(sweepDeadlineBody(sweepId, at), delayUntil(deadline, now));
  } catch (error) {
    deps.logger?.warn('sweep deadline not enqueued: an unfinished sweep will not be alerted', {
      sweepId,
      reason: errorText(error),
    });
  }
}

async function writeManifest(
  results: SweepResultsPort,
  sweep: { sweepId: string; startedAt: Date; accounts: { id: string; name?: string }[]; regions: string[] },
  deps: Pick<PlanSweepDeps, 'logger' | 'metrics'>,
): Promise<'written' | 'not-written'> {
  const document = sweepManifest({
    sweepId: sweep.sweepId,
    plannedAt: sweep.startedAt,
    targets: sweep.accounts.flatMap((account) =>
      sweep.regions.map((region) => ({
        account: account.id,
        ...(account.name === undefined ? {} : { accountName: account.name }),
        region,
      })),
    ),
  });
  const ctx = {
    logger: deps.logger ?? { debug() {}, info() {}, warn() {}, error() {} },
    metrics: deps.metrics ?? { record() {} },
  };
  const written = await writeSweepDocument(ctx, 'manifest', { sweepId: sweep.sweepId }, () =>
    results.putManifest(document),
  );
  return written ? 'written' : 'not-written';
}

type TargetFailure = { account: string; region: string; code: string; message: string };

/**
 * Sends one chunk, re-sending the entries SQS rejected; a call that throws fails the whole chunk.
 * An entry that failed is reported once per region it names.
 */
async function send(queue: SweepQueuePort, chunk: Entry[], attempts: number): Promise<TargetFailure[]> {
  let pending = chunk;
  let failed: SweepQueueFailure[] = [];
  for (let attempt = 1; attempt <= attempts && pending.length > 0; attempt++) {
    try {
      ({ failed } = await queue.sendBatch(pending.map(({ id, body }) => ({ id, body }))));
    } catch (error) {
      // The SDK has already retried the call itself: give up on this chunk.
      const message = errorText(error);
      const code = error instanceof Error ? error.name : 'Error';
      return pending.flatMap((e) =>
        e.regions.map((region) => ({ account: e.account, region, code, message })),
      );
    }
    const failedIds = new Set(failed.map((f) => f.id));
    pending = pending.filter((e) => failedIds.has(e.id));
  }
  return pending.flatMap((e) => {
    const failure = failed.find((f) => f.id === e.id);
    return e.regions.map((region) => ({
      account: e.account,
      region,
      code: failure?.code ?? 'Unknown',
      message: failure?.message ?? '',
    }));
  });
}

function newSweepId(at: Date): string {
  return `${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomUUID().slice(0, 8)}`;
}
