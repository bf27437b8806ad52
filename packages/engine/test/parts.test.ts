import type { Action } from '@guardrail/core';
import { CircuitBreaker, createLimiter, InMemoryBreakerStore, InMemoryDedupeStore } from '../src';
import { executeActions } from '../src/execute';
import { FakeEc2, permissionOf, rule } from './support/fakes';

const now = () => new Date('2026-01-01T00:00:00.000Z');

function revoke(ruleId: string, direction: 'ingress' | 'egress' = 'ingress'): Action {
  const r = rule(22, '0.0.0.0/0', ruleId, direction);
  return { type: 'revoke', direction, ruleId, permission: permissionOf(r), rule: r, cause: 'change' };
}

describe('executeActions', () => {
  it('makes one call per kind and direction, revokes before authorizes', async () => {
    const ec2 = new FakeEc2();
    ec2.seed('sg-1', {}, [
      rule(22, '0.0.0.0/0', 'a'),
      rule(22, '0.0.0.0/0', 'b'),
      rule(22, '0.0.0.0/0', 'c', 'egress'),
    ]);
    const https = rule(443, '0.0.0.0/0');
    const actions: Action[] = [
      {
        type: 'authorize',
        direction: 'ingress',
        permission: permissionOf(https),
        rules: [https],
        cause: 'drift',
      },
      revoke('a'),
      revoke('c', 'egress'),
      revoke('b'),
    ];
    const result = await executeActions(ec2, 'sg-1', actions, now);
    expect(ec2.mutations.map((m) => `${m.op}/${m.direction}/${m.count}`)).toEqual([
      'revoke/ingress/2',
      'revoke/egress/1',
      'authorize/ingress/1',
    ]);
    expect(result.outcomes.map((o) => o.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    expect(result.outcomes[0]?.completedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('takes each action’s outcome from the gateway’s answer per item, in one call (no second split)', async () => {
    const ec2 = new FakeEc2();
    ec2.seed('sg-1', {}, [rule(22, '0.0.0.0/0', 'b')]);
    // Someone else removed `a` already; the gateway found out which (one rejected call, then each alone).
    ec2.scripted.revoke.push([
      { status: 'already-applied', code: 'InvalidSecurityGroupRuleId.NotFound' },
      { status: 'applied' },
    ]);
    const result = await executeActions(ec2, 'sg-1', [revoke('a'), revoke('b')], now);
    expect(ec2.mutations.map((m) => m.count)).toEqual([2]);
    expect(result.outcomes.map((o) => [o.action.type === 'revoke' && o.action.ruleId, o.status])).toEqual([
      ['a', 'already-applied'],
      ['b', 'succeeded'],
    ]);
  });

  it('never marks an action succeeded when the gateway says it was already done', async () => {
    const ec2 = new FakeEc2();
    ec2.seed('sg-1', {}, [rule(22, '0.0.0.0/0', 'b')]);
    const result = await executeActions(ec2, 'sg-1', [revoke('a'), revoke('b'), revoke('c')], now);
    expect(result.outcomes.map((o) => o.status)).toEqual(['already-applied', 'succeeded', 'already-applied']);
  });

  it('fails an action the gateway gave no answer for', async () => {
    const ec2 = new FakeEc2();
    ec2.seed('sg-1', {}, [rule(22, '0.0.0.0/0', 'a')]);
    ec2.scripted.revoke.push([{ status: 'applied' }]);
    const result = await executeActions(ec2, 'sg-1', [revoke('a'), revoke('b')], now);
    expect(result.outcomes.map((o) => o.status)).toEqual(['succeeded', 'failed']);
    expect(result.outcomes[1]?.error).toMatch(/^NoResult/);
  });

  it('skips what is left once the group is gone', async () => {
    const ec2 = new FakeEc2();
    const https = rule(443, '0.0.0.0/0');
    const result = await executeActions(
      ec2,
      'sg-gone',
      [
        revoke('a'),
        {
          type: 'authorize',
          direction: 'ingress',
          permission: permissionOf(https),
          rules: [https],
          cause: 'drift',
        },
      ],
      now,
    );
    expect(result.groupGone).toBe(true);
    expect(result.outcomes.map((o) => o.status)).toEqual(['failed', 'skipped']);
  });

  it('flags retryable failures and keeps permanent ones as failed outcomes', async () => {
    const ec2 = new FakeEc2();
    ec2.seed('sg-1', {}, []);
    ec2.scripted.revoke.push({ status: 'retryable', code: 'RequestLimitExceeded', message: 'slow' });
    ec2.scripted.revoke.push({ status: 'failed', code: 'Weird', message: 'odd' });
    const retry = await executeActions(ec2, 'sg-1', [revoke('a')], now);
    expect(retry).toMatchObject({
      retryable: true,
      outcomes: [{ status: 'failed', error: 'RequestLimitExceeded: slow (will be retried)' }],
    });
    const permanent = await executeActions(ec2, 'sg-1', [revoke('a')], now);
    expect(permanent).toMatchObject({
      retryable: false,
      outcomes: [{ status: 'failed', error: 'Weird: odd' }],
    });
  });
});

describe('InMemoryDedupeStore', () => {
  it('keeps handled keys and evicts the least recently used beyond its capacity', async () => {
    const store = new InMemoryDedupeStore(2);
    await store.complete(['a', 'b']);
    expect(await store.claim('a')).toBe('done'); // a is now the most recent
    await store.complete(['c']);
    expect(await store.claim('b')).toBe('claimed');
    expect(await store.claim('a')).toBe('done');
    expect(await store.claim('c')).toBe('done');
    expect(store.size).toBe(2);
  });

  it('holds a claim until it is completed, released or expired', async () => {
    let clock = 0;
    const store = new InMemoryDedupeStore({ claimTtlMs: 1000, now: () => new Date(clock) });
    expect(await store.claim('k')).toBe('claimed');
    expect(await store.claim('k')).toBe('in-progress');
    await store.release(['k']);
    expect(await store.claim('k')).toBe('claimed');
    clock = 1000;
    // The holder crashed: its claim lapses, and a retry may take it.
    expect(await store.claim('k')).toBe('claimed');
    await store.complete(['k']);
    expect(await store.claim('k')).toBe('done');
  });
});

describe('CircuitBreaker', () => {
  const g = { account: '111111111111', region: 'eu-west-1', groupId: 'sg-1' };
  const t0 = new Date('2026-01-01T00:00:00Z');
  const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
  const SSH = '00000000000000aa';
  const HTTPS = '00000000000000bb';
  const check = async (breaker: CircuitBreaker, group: typeof g, fingerprints: string[], now: Date) =>
    breaker.decide(group, await breaker.read(group, now), fingerprints, now);
  const paused = (decision: { paused: ReadonlyMap<string, unknown> }) => [...decision.paused.keys()];

  it('pauses only the fingerprint fought over, alerts once a window, resumes when it ages out', async () => {
    const breaker = new CircuitBreaker({ maxRemediations: 2, windowMinutes: 1 });
    expect(await check(breaker, g, [SSH], t0)).toEqual({ paused: new Map(), alert: false });
    await breaker.record(g, [SSH], at(0));
    await breaker.record(g, [SSH, HTTPS], at(10));
    const tripped = await check(breaker, g, [SSH, HTTPS], at(20));
    expect(tripped).toEqual({
      paused: new Map([[SSH, { remediations: 2, resumesAt: at(60) }]]),
      alert: true,
    });
    // Paused and already told in this window: held back, not alerted again.
    expect(await check(breaker, g, [SSH], at(30))).toMatchObject({ alert: false });
    expect(paused(await check(breaker, g, [SSH], at(30)))).toEqual([SSH]);
    expect(paused(await check(breaker, { ...g, groupId: 'sg-2' }, [SSH], at(30)))).toEqual([]);
    // The first remediation ages out at 60 s: below the limit again, enforced again.
    expect(paused(await check(breaker, g, [SSH], at(61)))).toEqual([]);
  });

  it('tells a fight that outlasts its window again, once per window', async () => {
    const breaker = new CircuitBreaker({ maxRemediations: 2, windowMinutes: 1 });
    for (const t of [0, 30, 70, 100]) await breaker.record(g, [SSH], at(t));
    expect((await check(breaker, g, [SSH], at(40))).alert).toBe(true);
    expect((await check(breaker, g, [SSH], at(90))).alert).toBe(false);
    expect((await check(breaker, g, [SSH], at(101))).alert).toBe(true);
  });

  it('shares its state through the store: two breakers, one count, one contested alert', async () => {
    const store = new InMemoryBreakerStore();
    const a = new CircuitBreaker({ maxRemediations: 2, windowMinutes: 1 }, store);
    const b = new CircuitBreaker({ maxRemediations: 2, windowMinutes: 1 }, store);
    await a.record(g, [SSH], at(0));
    await b.record(g, [SSH], at(1));
    const decisions = await Promise.all([check(a, g, [SSH], at(2)), check(b, g, [SSH], at(2))]);
    expect(decisions.map((d) => d.alert).sort()).toEqual([false, true]);
    expect(decisions.map(paused)).toEqual([[SSH], [SSH]]);
  });

  it('records nothing for no fingerprint', async () => {
    const store = new InMemoryBreakerStore();
    const record = jest.spyOn(store, 'record');
    await new CircuitBreaker({ maxRemediations: 1, windowMinutes: 1 }, store).record(g, [], at(0));
    expect(record).not.toHaveBeenCalled();
  });

  it('fails open when the store cannot be read, and reports it', async () => {
    const failures: string[] = [];
    const broken = {
      read: async () => {
        throw new Error('dynamodb down');
      },
      claimAlert: async () => true,
      record: async () => {
        throw new Error('dynamodb down');
      },
    };
    const breaker = new CircuitBreaker({ maxRemediations: 1, windowMinutes: 1 }, broken);
    const report = (operation: string) => failures.push(operation);
    await breaker.record(g, [SSH], at(0), report);
    const reading = await breaker.read(g, at(1), report);
    expect(await breaker.decide(g, reading, [SSH], at(1), report)).toEqual({
      paused: new Map(),
      alert: false,
    });
    expect(failures).toEqual(['record', 'read']);
  });

  it('alerts rather than stays silent when the alert claim fails', async () => {
    const failures: string[] = [];
    const store = {
      read: async () => new Map([[SSH, { remediations: 3, alerted: false, resumesAt: at(60) }]]),
      claimAlert: async (): Promise<boolean> => {
        throw new Error('throttled');
      },
      record: async () => {},
    };
    const breaker = new CircuitBreaker({ maxRemediations: 3, windowMinutes: 1 }, store);
    const reading = await breaker.read(g, at(0));
    expect(await breaker.decide(g, reading, [SSH], at(0), (op) => failures.push(op))).toEqual({
      paused: new Map([[SSH, { remediations: 3, resumesAt: at(60) }]]),
      alert: true,
    });
    expect(failures).toEqual(['claim-alert']);
  });
});

describe('createLimiter', () => {
  it('rejects bounds below one', () => {
    expect(() => createLimiter({ max: 0, perKey: 1 })).toThrow(RangeError);
  });

  it('queues beyond the bound and runs everything, passing results and errors through', async () => {
    const limiter = createLimiter({ max: 1, perKey: 1 });
    const order: string[] = [];
    let release: () => void = () => {};
    const first = limiter.run('k', () => new Promise<string>((resolve) => (release = () => resolve('one'))));
    const second = limiter.run('k', async () => {
      order.push('second started');
      return 'two';
    });
    const third = limiter.run('j', async () => {
      throw new Error('three failed');
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    release();
    await expect(first).resolves.toBe('one');
    await expect(second).resolves.toBe('two');
    await expect(third).rejects.toThrow('three failed');
    expect(order).toEqual(['second started']);
  });
});
