import { SWEEP_RESULTS_PREFIX, sweepResultKeys } from '../../src';

describe('the sweep results key contract', () => {
  it('puts one sweep under its own prefix: the manifest and each target inside it', () => {
    const sweep = sweepResultKeys.sweep('nightly-7');
    expect(sweep).toBe('sweeps/nightly-7/');
    expect(sweep.startsWith(SWEEP_RESULTS_PREFIX)).toBe(true);
    expect(sweepResultKeys.manifest('nightly-7')).toBe(`${sweep}manifest.json`);
    expect(sweepResultKeys.target('nightly-7', '111122223333', 'eu-west-1')).toBe(
      `${sweep}111122223333/eu-west-1.json`,
    );
  });

  it('keeps sweeps apart: no key of one sweep lies under another sweep whose id it starts with', () => {
    expect(sweepResultKeys.manifest('nightly-70').startsWith(sweepResultKeys.sweep('nightly-7'))).toBe(false);
  });
});
