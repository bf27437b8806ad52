/** Small statistics for the benchmark: percentiles, and the critical path of overlapping calls. */
import type { CallRecord } from '@guardrail/sandbox';

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/**
 * The calls that had to run one after the other: the longest chain of calls where each starts
 * after the previous one ended (calls that overlap ran in parallel and count once). Greedy by
 * earliest end gives the longest such chain.
 */
export function sequentialChain(calls: readonly CallRecord[]): CallRecord[] {
  const byEnd = [...calls].sort((a, b) => a.endedAt.getTime() - b.endedAt.getTime());
  const chain: CallRecord[] = [];
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (const call of byEnd) {
    if (call.startedAt.getTime() >= lastEnd) {
      chain.push(call);
      lastEnd = call.endedAt.getTime();
    }
  }
  return chain;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Every call placed in the step of the critical path it ran alongside (it overlaps that step's
 * chain call), so a step lists all its parallel calls: `[dynamodb:PutItem | ec2:Describe...]`.
 */
export function criticalSteps(calls: readonly CallRecord[], chain: readonly CallRecord[]): string[][] {
  const steps = chain.map(() => [] as string[]);
  for (const call of calls) {
    const index = chain.findIndex(
      (step) =>
        call === step ||
        (call.startedAt.getTime() < step.endedAt.getTime() &&
          step.startedAt.getTime() < call.endedAt.getTime()),
    );
    if (index >= 0) steps[index]?.push(`${call.service}:${call.operation}`);
  }
  return steps.map((step) => step.sort());
}
