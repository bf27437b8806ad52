/**
 * The sweep's ports. As with the event path, the @guardrail/aws adapters satisfy them (see
 * ./aws.ts) and unit tests use small fakes.
 */
import type { SecurityGroupState, SweepManifest, SweepTargetResult } from '@guardrail/core';
import type { MutationFailure } from '../ports';

/** The enrolled accounts: ACTIVE members of the organization (or of the target OUs). */
export interface EnrolledAccountsPort {
  listActive(): Promise<{ id: string; name?: string }[]>;
}

/** The sweep queue, written in SendMessageBatch chunks (at most 10 entries, ids unique per call). */
export interface SweepQueuePort {
  sendBatch(entries: { id: string; body: string }[]): Promise<{ failed: SweepQueueFailure[] }>;
}
export interface SweepQueueFailure {
  id: string;
  code: string;
  message: string;
}

export type OptedInGroupsResult = { status: 'listed'; groups: SecurityGroupState[] } | MutationFailure;

/** Every opted-in group of one account and region, with its rules (via the remediation role). */
export interface SweepGroupSource {
  list(account: string, region: string): Promise<OptedInGroupsResult>;
}

/** The sweep queue, one delayed message at a time: the re-checks of paused rules. */
export interface RecheckQueuePort {
  /** `delaySeconds` is at most MAX_DELAY_SECONDS (SQS's limit, 15 minutes). */
  send(body: string, delaySeconds: number): Promise<void>;
}

/** A write to the sweep results bucket: failures are values (the caller logs, meters and goes on). */
export type SweepResultsWrite = { status: 'written' } | MutationFailure;

/**
 * The sweep results bucket (GUARDRAIL_SWEEP_RESULTS_BUCKET): the sweep writes its manifest, the
 * hub each finished target's result, for `guardrail report --from-sweep`. A report is worth less
 * than enforcement: a failed write never stops a sweep nor fails a record.
 */
export interface SweepResultsPort {
  putManifest(manifest: SweepManifest): Promise<SweepResultsWrite>;
  putTargetResult(result: SweepTargetResult): Promise<SweepResultsWrite>;
}
