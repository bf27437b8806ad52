import { SWEEP_GOAL_SECONDS, sweepSizing } from '../../src';

describe('sweepSizing', () => {
  it('sizes a 1,000-account x 17-region organization to sweep within the two-minute goal', () => {
    const sizing = sweepSizing({ accounts: 1000, regions: 17 });
    expect(sizing).toEqual({
      // An account's 17 regions take 4 of the hub's 16 slots at a time: four accounts per invocation.
      batchSize: 4,
      maxConcurrency: 13,
      // Five waves of regions, 60 s each at worst.
      timeoutSeconds: 300,
      expectedSeconds: 80,
      deadlineSeconds: 900,
    });
    expect(sizing.expectedSeconds).toBeLessThanOrEqual(SWEEP_GOAL_SECONDS);
  });

  it('keeps a small organization small: few invocations, the shortest timeout', () => {
    expect(sweepSizing({ accounts: 10, regions: 1 })).toEqual({
      batchSize: 10,
      maxConcurrency: 2,
      timeoutSeconds: 120,
      expectedSeconds: 1,
      deadlineSeconds: 900,
    });
  });

  it('stays within the goal as the organization grows, by concurrency, never by a longer timeout', () => {
    for (const accounts of [1, 50, 500, 2000, 5000, 10_000])
      for (const regions of [1, 4, 17, 30]) {
        const sizing = sweepSizing({ accounts, regions });
        expect({ accounts, regions, within: sizing.expectedSeconds <= SWEEP_GOAL_SECONDS }).toEqual({
          accounts,
          regions,
          within: true,
        });
        expect(sizing.batchSize).toBeGreaterThanOrEqual(1);
        expect(sizing.batchSize).toBeLessThanOrEqual(10);
        expect(sizing.timeoutSeconds).toBeLessThanOrEqual(900);
        expect(sizing.deadlineSeconds).toBeGreaterThan(sizing.expectedSeconds);
      }
  });
});
