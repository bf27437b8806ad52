import { isSweepRequest, readSweepTarget, sweepTargetBody, sweepTargetKey } from '../src';

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
      target: { guardrail: 'sweep-target', sweepId: 's-1', account: '111122223333', region: 'eu-west-1' },
    });
    if (read.status === 'target')
      expect(sweepTargetKey(read.target)).toBe('sweep/s-1/111122223333/eu-west-1');
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
