import type { AwsCredentialIdentity } from '@smithy/types';
import { memoizeCredentials, REFRESH_MARGIN_MS } from '../src/credentials/memoize';

/** A provider that hands out numbered credentials expiring `lifetimeMs` after the clock. */
function counting(clock: () => number, lifetimeMs: number) {
  let issued = 0;
  let failNext = false;
  const provider = async (): Promise<AwsCredentialIdentity> => {
    if (failNext) {
      failNext = false;
      throw new Error('sts down');
    }
    issued += 1;
    return { accessKeyId: `AKIA${issued}`, secretAccessKey: 's', expiration: new Date(clock() + lifetimeMs) };
  };
  return { provider, issued: () => issued, failOnce: () => (failNext = true) };
}

describe('memoizeCredentials', () => {
  it('keeps credentials until the refresh margin before expiry, then fetches new ones', async () => {
    let now = 0;
    const source = counting(() => now, 60 * 60_000);
    const memo = memoizeCredentials(source.provider, () => now);
    expect((await memo()).accessKeyId).toBe('AKIA1');
    now = 60 * 60_000 - REFRESH_MARGIN_MS - 1;
    expect((await memo()).accessKeyId).toBe('AKIA1');
    now += 1;
    expect((await memo()).accessKeyId).toBe('AKIA2');
    expect(source.issued()).toBe(2);
  });

  it('shares one call between concurrent callers', async () => {
    const source = counting(() => 0, 60 * 60_000);
    const memo = memoizeCredentials(source.provider, () => 0);
    const all = await Promise.all([memo(), memo(), memo()]);
    expect(new Set(all.map((c) => c.accessKeyId)).size).toBe(1);
    expect(source.issued()).toBe(1);
  });

  it('does not keep a failure', async () => {
    const source = counting(() => 0, 60 * 60_000);
    const memo = memoizeCredentials(source.provider, () => 0);
    source.failOnce();
    await expect(memo()).rejects.toThrow('sts down');
    await expect(memo()).resolves.toMatchObject({ accessKeyId: 'AKIA1' });
  });

  it('keeps credentials without an expiry for good', async () => {
    const provider = jest.fn(
      async (): Promise<AwsCredentialIdentity> => ({ accessKeyId: 'A', secretAccessKey: 's' }),
    );
    const memo = memoizeCredentials(provider, () => Number.MAX_SAFE_INTEGER);
    await memo();
    await memo();
    expect(provider).toHaveBeenCalledTimes(1);
  });
});
