import { isSweepRequest, readSweepTarget, sweepTargetBody, sweepTargetKey } from '../src';
import { putBack, recheckTarget } from '../src/sweep/messages';
import { delayUntil } from '../src/sweep/recheck';

describe('sweep messages', () => {
  it('recognises the scheduled sweep request, with or without a sweep id', () => {
    expect(isSweepRequest({ guardrail: 'sweep' })).toBe(true);
    expect(isSweepRequest({ guardrail: 'sweep', sweepId: 'nightly-2026-03-01' })).toBe(true);
    expect(isSweepRequest({ guardrail: 'sweep', sweepId: 'bad id' })).toBe(false);
    expect(isSweepRequest({ guardrail: 'sweep-target' })).toBe(false);
    expect(isSweepRequest({ source: 'aws.ec2' })).toBe(false);
    expect(isSweepRequest(null)).toBe(false);
  });

  it('reads back the target it writes', () => {
    const body = sweepTargetBody('s-1', '111122223333', 'eu-west-1');
    const read = readSweepTarget(JSON.parse(body));
    expect(read).toEqual({
      status: 'target',
      targets: [{ guardrail: 'sweep-target', sweepId: 's-1', account: '111122223333', region: 'eu-west-1' }],
    });
    if (read.status === 'target')
      expect(sweepTargetKey(read.targets[0]!)).toBe('sweep/s-1/111122223333/eu-west-1');
  });

  it("reads an account's message as one target per region, each with what the planner listed", () => {
    const listed = { state: 'ACTIVE' as const, at: '2026-12-03T07:00:00.000Z', name: 'prod' };
    const body = sweepTargetBody(
      's-1',
      '111122223333',
      ['eu-west-1', 'us-east-1', 'eu-west-1'],
      undefined,
      listed,
    );
    const read = readSweepTarget(JSON.parse(body));
    expect(read.status).toBe('target');
    if (read.status !== 'target') return;
    expect(read.targets.map((t) => [t.region, t.listed])).toEqual([
      ['eu-west-1', listed],
      ['us-east-1', listed],
    ]);
    // Each region keeps its own key: claims, results and dedupe stay per account and region.
    expect(read.targets.map(sweepTargetKey)).toEqual([
      'sweep/s-1/111122223333/eu-west-1',
      'sweep/s-1/111122223333/us-east-1',
    ]);
  });

  it('names what is wrong with the regions or the listing of a message', () => {
    const base = { guardrail: 'sweep-target', sweepId: 's', account: '111122223333' };
    for (const regions of [[], ['Mars'], 'eu-west-1', Array.from({ length: 51 }, () => 'eu-west-1')])
      expect(readSweepTarget({ ...base, regions })).toEqual({
        status: 'invalid',
        reason: 'sweep target: regions must be 1 to 50 region names',
      });
    expect(readSweepTarget({ ...base, region: 'eu-west-1', regions: ['eu-west-1'] })).toEqual({
      status: 'invalid',
      reason: 'sweep target: names both region and regions',
    });
    expect(readSweepTarget({ ...base, regions: ['eu-west-1', 'us-east-1'], groupIds: ['sg-1'] })).toEqual({
      status: 'invalid',
      reason: 'sweep target: groupIds name the groups of one region only',
    });
    for (const listed of [
      { state: 'SUSPENDED', at: '2026-12-03T07:00:00Z' },
      { state: 'ACTIVE', at: 'yesterday' },
      { state: 'ACTIVE', at: '2026-12-03T07:00:00Z', name: 7 },
      'ACTIVE',
    ])
      expect(readSweepTarget({ ...base, region: 'eu-west-1', listed })).toMatchObject({
        status: 'invalid',
        reason: expect.stringContaining('listed must be'),
      });
  });

  it('leaves other events alone and names what is wrong with a malformed target', () => {
    expect(readSweepTarget({ source: 'aws.ec2', detail: {} })).toEqual({ status: 'not-sweep' });
    expect(readSweepTarget([1, 2])).toEqual({ status: 'not-sweep' });
    const base = {
      guardrail: 'sweep-target',
      sweepId: 's',
      account: '111122223333',
      region: 'us-gov-west-1',
    };
    expect(readSweepTarget(base).status).toBe('target');
    expect(readSweepTarget({ ...base, sweepId: '' })).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining('sweepId'),
    });
    expect(readSweepTarget({ ...base, account: 12 })).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining('account'),
    });
    expect(readSweepTarget({ ...base, region: 'Mars' })).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining('region'),
    });
  });
});

describe('re-check targets', () => {
  const group = { account: '111122223333', region: 'eu-west-1', groupId: 'sg-0abc' };
  const due = new Date('2026-06-01T10:20:00Z');

  it('reads back a re-check: its groups and when it is due, under a key of its own', () => {
    const target = recheckTarget(group, due);
    const read = readSweepTarget(JSON.parse(JSON.stringify(target)));
    expect(read).toEqual({ status: 'target', targets: [target] });
    expect(sweepTargetKey(target)).toBe(`sweep/recheck:${due.getTime()}/111122223333/eu-west-1/sg-0abc`);
    // Put back when early: a new id, so that its next delivery is not taken for a duplicate.
    const again = putBack(target, new Date('2026-06-01T10:05:00Z'));
    expect(sweepTargetKey(again)).not.toBe(sweepTargetKey(target));
    expect(again).toMatchObject({ groupIds: ['sg-0abc'], notBefore: due.toISOString() });
  });

  it('names what is wrong with its groups or its time', () => {
    const base = recheckTarget(group, due);
    for (const groupIds of [
      [],
      ['vpc-1'],
      ['sg-UPPER'],
      'sg-0abc',
      Array.from({ length: 11 }, (_, i) => `sg-${i}`),
    ])
      expect(readSweepTarget({ ...base, groupIds })).toMatchObject({
        status: 'invalid',
        reason: 'sweep target: groupIds must be 1 to 10 security group ids',
      });
    expect(readSweepTarget({ ...base, notBefore: 'soon' })).toEqual({
      status: 'invalid',
      reason: 'sweep target: notBefore must be an ISO 8601 instant',
    });
  });

  it('is delayed until due, within the 15 minutes SQS can delay', () => {
    const target = recheckTarget(group, due);
    expect(delayUntil(target, new Date(due.getTime() - 61_500))).toBe(62);
    expect(delayUntil(target, new Date(due.getTime() - 3_600_000))).toBe(900);
    expect(delayUntil(target, new Date(due.getTime() + 1))).toBe(0);
    expect(delayUntil({ ...target, notBefore: undefined }, due)).toBe(0);
  });
});
