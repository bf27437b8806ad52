import { BASELINE_ITEM, baselineKey, STATE_TABLE } from '../../src';

describe('the baseline item of the state table', () => {
  it('is keyed by account, region and group under its own prefix', () => {
    expect(
      baselineKey({ account: '111122223333', region: 'eu-west-1', groupId: 'sg-0123456789abcdef0' }),
    ).toBe('baseline#111122223333#eu-west-1#sg-0123456789abcdef0');
  });

  it('uses attribute names of its own, apart from the key and the TTL (a baseline never expires)', () => {
    const names = [BASELINE_ITEM.documentAttribute, BASELINE_ITEM.versionAttribute];
    expect(new Set(names).size).toBe(2);
    for (const name of names)
      expect([STATE_TABLE.partitionKey, STATE_TABLE.ttlAttribute]).not.toContain(name);
  });
});
