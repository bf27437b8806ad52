/**
 * Writing the sweep's results (`guardrail report --from-sweep`): the manifest when a sweep is
 * planned, each finished target's posture when the hub is done with it. Enforcement matters more
 * than the report: a write that fails is logged and metered, never thrown, and the report then
 * shows the target as not read (never as compliant).
 */
import { errorText, type SweepTargetResultOutcome, sweepTargetResult } from '@guardrail/core';
import type { EngineLogger, MetricsSink } from '../ports';
import { SWEEP_METRICS } from './metric-names';
import type { SweepResultsPort, SweepResultsWrite } from './ports';
import type { SweepTargetReport } from './report';

export type SweepDocumentKind = 'manifest' | 'target';

export interface SweepResultsContext {
  logger: EngineLogger;
  metrics: MetricsSink;
}

/** One write; true when written. */
export async function writeSweepDocument(
  ctx: SweepResultsContext,
  document: SweepDocumentKind,
  where: Record<string, unknown>,
  write: () => Promise<SweepResultsWrite>,
): Promise<boolean> {
  const written = await write().catch(
    (error: unknown): SweepResultsWrite => ({ status: 'failed', code: 'Error', message: errorText(error) }),
  );
  if (written.status === 'written') {
    ctx.metrics.record({
      name: SWEEP_METRICS.resultsWritten,
      unit: 'Count',
      value: 1,
      dimensions: { document },
    });
    return true;
  }
  ctx.metrics.record({
    name: SWEEP_METRICS.resultWriteFailures,
    unit: 'Count',
    value: 1,
    dimensions: { document },
  });
  ctx.logger.warn('sweep result not written: the report will show it as not read', {
    ...where,
    document,
    status: written.status,
    code: written.code,
    reason: written.message,
  });
  return false;
}

/** The result of every finished target of a batch (those with a posture), in parallel. */
export async function writeTargetResults(
  ctx: SweepResultsContext & { now: () => Date },
  port: SweepResultsPort,
  targets: readonly SweepTargetReport[],
): Promise<void> {
  await Promise.all(
    targets.flatMap((target) => {
      const { posture } = target;
      if (!posture || target.outcome === 'retry') return [];
      const outcome: SweepTargetResultOutcome = target.outcome;
      const document = sweepTargetResult({
        sweepId: target.sweepId,
        account: target.account,
        ...(posture.accountName === undefined ? {} : { accountName: posture.accountName }),
        region: target.region,
        writtenAt: ctx.now(),
        outcome,
        ...(target.reason === undefined ? {} : { reason: target.reason }),
        groups: posture.groups,
      });
      const where = { sweepId: target.sweepId, account: target.account, region: target.region };
      return [writeSweepDocument(ctx, 'target', where, () => port.putTargetResult(document))];
    }),
  );
}
