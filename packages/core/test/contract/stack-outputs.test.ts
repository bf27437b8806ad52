import { DEFAULT_HUB_STACK_NAME, HUB_STACK_OUTPUTS } from '../../src';

describe('the hub stack outputs contract', () => {
  it('gives every output a distinct key that CloudFormation accepts as an output logical id', () => {
    const keys = Object.values(HUB_STACK_OUTPUTS);
    expect(new Set(keys).size).toBe(keys.length);
    // Output logical ids: alphanumeric, at most 255 characters.
    for (const key of keys) expect(key).toMatch(/^[A-Za-z][A-Za-z0-9]{0,254}$/);
  });

  it('keeps the keys deployed stacks already have, and the stack name synth creates', () => {
    // These two outputs existed before the contract: scripts read them by these names.
    expect(HUB_STACK_OUTPUTS.sweepResultsBucketName).toBe('SweepResultsBucketName');
    expect(HUB_STACK_OUTPUTS.sweepResultsReadPolicyArn).toBe('SweepResultsReadPolicyArn');
    expect(DEFAULT_HUB_STACK_NAME).toMatch(/^[A-Za-z][A-Za-z0-9-]{0,127}$/);
  });
});
