/**
 * A sweep's tally (issue 13): the expected targets, the figures of those finished, and the claims
 * of its one summary and its one overdue alert. DynamoDbSweepTallyStore (@guardrail/aws) shares it
 * between instances; without a state table it is kept in memory, and a sweep is then summed by
 * the one instance that runs it (the CLI, the demo).
 */
import type { FinishedTarget, SweepNotice, SweepTally, SweepTallyOpening } from '@guardrail/aws';

export type { FinishedTarget, SweepNotice, SweepTally, SweepTallyOpening };

export interface SweepTallyPort {
  /** Idempotent: a plan retried under the same id keeps the counts made since. */
  open(opening: SweepTallyOpening): Promise<void>;
  /** Counts a finished target once; undefined when no tally is open for the sweep (a re-check). */
  count(
    sweepId: string,
    target: FinishedTarget,
    now: Date,
  ): Promise<{ counted: boolean; tally: SweepTally } | undefined>;
  read(sweepId: string): Promise<SweepTally | undefined>;
  /** True for one caller until released, published, or `holdMs` passed with its holder gone. */
  claim(sweepId: string, notice: SweepNotice, now: Date, holdMs: number): Promise<boolean>;
  release(sweepId: string, notice: SweepNotice): Promise<void>;
  markDone(sweepId: string, notice: SweepNotice, now: Date): Promise<void>;
}

interface Entry {
  tally: SweepTally;
  counted: Set<string>;
  claims: Map<SweepNotice, number>;
}

export class InMemorySweepTally implements SweepTallyPort {
  private readonly sweeps = new Map<string, Entry>();

  async open(opening: SweepTallyOpening): Promise<void> {
    const entry = this.sweeps.get(opening.sweepId);
    if (entry) {
      const { startedAt, deadline } = entry.tally;
      entry.tally = { ...entry.tally, ...opening, startedAt, deadline };
      return;
    }
    this.sweeps.set(opening.sweepId, {
      tally: {
        ...opening,
        regions: [...opening.regions],
        finished: 0,
        groups: 0,
        violations: 0,
        fixed: 0,
        unreadable: [],
      },
      counted: new Set(),
      claims: new Map(),
    });
  }

  async count(sweepId: string, target: FinishedTarget) {
    const entry = this.sweeps.get(sweepId);
    if (!entry) return undefined;
    const key = `${target.account}/${target.region}`;
    if (entry.counted.has(key)) return { counted: false, tally: copy(entry.tally) };
    entry.counted.add(key);
    const { tally } = entry;
    tally.finished += 1;
    tally.groups += target.groups;
    tally.violations += target.violations;
    tally.fixed += target.fixed;
    if (target.unreadable !== undefined && !tally.unreadable.some((u) => u.account === target.account)) {
      tally.unreadable.push({ account: target.account, reason: target.unreadable });
      tally.unreadable.sort((a, b) => a.account.localeCompare(b.account));
    }
    return { counted: true, tally: copy(tally) };
  }

  async read(sweepId: string): Promise<SweepTally | undefined> {
    const entry = this.sweeps.get(sweepId);
    return entry ? copy(entry.tally) : undefined;
  }

  async claim(sweepId: string, notice: SweepNotice, now: Date, holdMs: number): Promise<boolean> {
    const entry = this.sweeps.get(sweepId);
    if (!entry || entry.tally[`${notice}At`] !== undefined) return false;
    const until = entry.claims.get(notice);
    if (until !== undefined && until >= now.getTime()) return false;
    entry.claims.set(notice, now.getTime() + holdMs);
    return true;
  }

  async release(sweepId: string, notice: SweepNotice): Promise<void> {
    this.sweeps.get(sweepId)?.claims.delete(notice);
  }

  async markDone(sweepId: string, notice: SweepNotice, now: Date): Promise<void> {
    const entry = this.sweeps.get(sweepId);
    if (entry) entry.tally[`${notice}At`] = now.toISOString();
  }
}

function copy(tally: SweepTally): SweepTally {
  return { ...tally, regions: [...tally.regions], unreadable: tally.unreadable.map((u) => ({ ...u })) };
}
