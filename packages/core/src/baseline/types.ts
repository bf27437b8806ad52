/**
 * A lock policy's baseline (docs/policies.md, "Lock policies"): the rules a group was approved
 * with, kept by the hub (its state table), printed by `guardrail baseline show --format json` and
 * read back by `guardrail plan --baseline`. Plain JSON: no class, no Date, no undefined values.
 */
import type { Rule } from '../rules/types';

/** The baseline format's version: a reader refuses any other. */
export const BASELINE_SCHEMA_VERSION = 1;

/** At most this many earlier versions are kept in `history` (the oldest go first). */
export const BASELINE_HISTORY_LIMIT = 20;

/**
 * Why a baseline version was set: `captured` (the group was opted in, or first seen opted in
 * without a baseline), `trusted-change` (a trusted principal changed the group),
 * `accepted` (`guardrail baseline accept`).
 */
export type BaselineReason = 'captured' | 'trusted-change' | 'accepted';

export interface BaselineSetBy {
  /** The ARN of who set it (the trusted principal, the caller of `baseline accept`, the hub). */
  principal: string;
  reason: BaselineReason;
  /** Free text: the `--reason` of `baseline accept`, say. */
  note?: string;
}

/** An earlier version, without its rules. */
export interface BaselineHistoryEntry {
  version: number;
  setAt: string;
  setBy: BaselineSetBy;
  ruleCount: number;
}

export interface Baseline {
  schemaVersion: typeof BASELINE_SCHEMA_VERSION;
  account: string;
  region: string;
  groupId: string;
  /** The lock policy it was set under. */
  policy: string;
  /** 1 for the first capture, then one more for each new version. */
  version: number;
  /** Ingress and egress, with their descriptions, without rule ids (a re-authorized rule gets a new one). */
  rules: Rule[];
  /** ISO 8601 instant (`Date#toISOString`). */
  setAt: string;
  setBy: BaselineSetBy;
  /** Earlier versions, oldest first, newest last; at most BASELINE_HISTORY_LIMIT. */
  history: BaselineHistoryEntry[];
}
