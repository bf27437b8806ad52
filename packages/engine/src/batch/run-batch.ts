/**
 * One batch, phase by phase (modelled on Powertools' batch processor: prepare, process, then
 * success and failure handling):
 *
 *   route + admit      batch/route.ts, batch/admit.ts   what each record is; skips, loop guard, claims
 *   reconcile          batch/reconcile-units.ts         each group once, bounded concurrency
 *   incidents          batch/incidents.ts               results -> reports, logs, alert jobs
 *   deliver            batch/deliver.ts                 publish (or keep) each alert
 *   settle             batch/settle.ts                  complete / release claims; records to retry
 *
 * Sweep targets take the same phases (sweep/batch.ts claims them at admission and adds their
 * groups at reconcile). The ledger (batch/ledger.ts) ties records to units and dedupe keys; the
 * journal (batch/journal.ts) holds the report, the skips and the dead letters.
 */
import type { Baselines } from '../baselines';
import type { CircuitBreaker } from '../breaker';
import { BatchClaims } from '../claims';
import type { ForwardingHealth } from '../forwarding/health';
import type { Limiter } from '../limiter';
import { METRICS } from '../metric-names';
import type { Outbox } from '../outbox';
import type { PolicyMemory } from '../policy-memory';
import type {
  AccountDirectoryPort,
  AlertComposer,
  AlertSink,
  BaselineCapturer,
  DeadLetterSink,
  DedupeStore,
  EngineLogger,
  EventParser,
  GatewayFactory,
  GroupPlanner,
  MetricsSink,
  PrefixListSource,
} from '../ports';
import { SweepBatch } from '../sweep/batch';
import type { RecheckQueuePort, SweepGroupSource } from '../sweep/ports';
import type { SweepTargetReport } from '../sweep/report';
import { checkDeadline, tallyTargets } from '../sweep/summary';
import type { SweepTallyPort } from '../sweep/tally';
import { type Admission, admitRecords } from './admit';
import { deliverJobs } from './deliver';
import { incidentJobs } from './incidents';
import { BatchJournal } from './journal';
import { BatchLedger } from './ledger';
import { reconcileUnits } from './reconcile-units';
import { settleClaims } from './settle';
import type { BatchReport, HubRecord } from './types';

/** The ports a hub is built from (HubDeps adds its optional state and limits). */
export interface HubPorts {
  parse: EventParser;
  plan: GroupPlanner;
  /** Captures lock groups' baselines; without it, a lock group without one is reported, not judged. */
  capture?: BaselineCapturer;
  compose: AlertComposer;
  gateways: GatewayFactory;
  accounts: AccountDirectoryPort;
  alerts: AlertSink;
  /** Where unprocessable records go with their reason. Without it they fail, and SQS's redrive policy moves them. */
  deadLetters?: DeadLetterSink;
  /** Lists a sweep target's opted-in groups; without it, sweep-target records are dead-lettered. */
  sweep?: SweepGroupSource;
  /**
   * The sweep queue, for the re-check of a group once the breaker resumes its paused rule. Without
   * it the next sweep re-checks the group (and the contested alert says when enforcement resumes).
   */
  recheck?: RecheckQueuePort;
  /** Reads the prefix lists groups reference; without it they are judged as references only. */
  prefixLists?: PrefixListSource;
  /** Checks each sweep target's member forwarding; without it, only groups are swept. */
  forwarding?: ForwardingHealth;
  /**
   * Each sweep's tally and where the hub runs (its summary's account and region): without them,
   * no summary is published and a sweep deadline is dead-lettered (it belongs on the sweep queue).
   */
  sweepSummary?: { tally: SweepTallyPort; hub: { account: string; region: string } };
}

/** What every batch of one hub shares: its ports and its long-lived state (dedupe, breaker, limits). */
export interface BatchEnvironment extends HubPorts {
  dedupe: DedupeStore;
  breaker: CircuitBreaker;
  policies: PolicyMemory;
  outbox: Outbox;
  baselines: Baselines;
  owedAfterMs: number;
  limiter: Limiter;
  logger: EngineLogger;
  metrics: MetricsSink;
  now: () => Date;
}

export interface BatchOptions {
  /** Epoch ms when the invocation must have answered (Lambda: now + getRemainingTimeInMillis()). */
  deadline?: number;
}

export async function runBatch(
  env: BatchEnvironment,
  records: readonly HubRecord[],
  options: BatchOptions = {},
): Promise<BatchReport> {
  const { logger, metrics } = env;
  const started = env.now();
  const ledger = new BatchLedger();
  const journal = new BatchJournal({
    logger,
    metrics,
    ledger,
    ...(env.deadLetters ? { deadLetters: env.deadLetters } : {}),
  });
  const claims = new BatchClaims(env.dedupe, { logger, metrics });
  const sweep = new SweepBatch({
    source: env.sweep,
    claims,
    ledger,
    journal,
    ...(env.forwarding ? { forwarding: env.forwarding } : {}),
  });
  metrics.record({ name: METRICS.eventsReceived, unit: 'Count', value: records.length });

  const admission = admitRecords(
    { parse: env.parse, claims, sweep, ledger, journal, keepsSweepTally: env.sweepSummary !== undefined },
    records,
  );
  const { results, swept } = await reconcileUnits(
    {
      ...env,
      remoteClaims: env.dedupe.remote === true,
      started,
      sweep,
      ledger,
      journal,
      ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
    },
    admission,
  );
  // Tamper events join no group: their claims may still be out.
  const { tamper } = await admission.admitted;

  for (const key of swept?.retryKeys ?? []) ledger.retry(key);
  const jobs = [
    ...admission.replayed,
    ...(swept?.jobs ?? []),
    ...incidentJobs({ logger, metrics, ledger, journal }, results, tamper),
  ];
  const delivery = {
    alerts: env.alerts,
    ...(env.deadLetters ? { deadLetters: env.deadLetters } : {}),
    logger,
    metrics,
  };
  await settleClaims(claims, ledger, {
    deliver: () => deliverJobs({ ...delivery, compose: env.compose, ledger, journal }, jobs),
    background: journal.pending(),
  });

  const { report } = journal;
  if (sweep.size > 0) report.sweepTargets = sweep.finish(results, ledger.retriedUnits, metrics);
  await summarise(env, report.sweepTargets ?? [], admission.deadlines, ledger);
  report.batchItemFailures = ledger.failures(records);
  logger.info('batch processed', {
    records: records.length,
    groups: report.groups.length,
    alerts: report.alerts.length,
    skipped: report.skipped.length,
    deadLettered: report.deadLettered.length,
    failed: report.batchItemFailures.length,
  });
  return report;
}

/**
 * After the batch is settled: its finished sweep targets counted (the one completing a sweep
 * publishes its summary), and its sweep deadlines checked (a deadline whose notice could not be
 * published is retried). Never throws.
 */
async function summarise(
  env: BatchEnvironment,
  targets: readonly SweepTargetReport[],
  deadlines: Admission['deadlines'],
  ledger: BatchLedger,
): Promise<void> {
  const { sweepSummary } = env;
  // Without a tally, admission dead-lettered the deadlines and no target is summed.
  if (!sweepSummary) return;
  const ctx = {
    ...sweepSummary,
    compose: env.compose,
    alerts: env.alerts,
    logger: env.logger,
    metrics: env.metrics,
    now: env.now,
    ...(env.recheck ? { queue: env.recheck } : {}),
  };
  if (targets.length > 0) await tallyTargets(ctx, targets);
  await Promise.all(
    deadlines.map(async ({ recordId, deadline }) => {
      const checked = await checkDeadline(ctx, deadline).catch(() => 'retry' as const);
      if (checked === 'retry') ledger.fail([recordId]);
    }),
  );
}
