import {
  ACCOUNT_ID_PATTERN,
  DEAD_LETTER_ATTRIBUTES,
  DEFAULT_FORWARDING_RULE_NAME,
  DEFAULT_GUARDRAIL_ROLE_NAMES,
  DEFAULT_GUARDRAIL_SOURCE_IDENTITY,
  DEFAULT_TAG_KEYS,
  GUARDRAIL_NAMES,
  HUB_ENV,
  REGION_PATTERN,
  STATE_TABLE,
} from '../../src';

describe('the contract module', () => {
  it('gives every hub environment variable a distinct name', () => {
    const names = Object.values(HUB_ENV);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^(GUARDRAIL|AWS|POWERTOOLS)_[A-Z_]+$/);
  });

  it('is what the parser and planner default to', () => {
    expect(DEFAULT_GUARDRAIL_ROLE_NAMES).toEqual([GUARDRAIL_NAMES.remediationRole]);
    expect(DEFAULT_GUARDRAIL_SOURCE_IDENTITY).toBe(GUARDRAIL_NAMES.sourceIdentity);
    expect(DEFAULT_FORWARDING_RULE_NAME).toBe(GUARDRAIL_NAMES.forwardingRule);
    expect(DEFAULT_TAG_KEYS).toEqual({ policy: 'guardrail:policy', mode: 'guardrail:mode' });
  });

  it('names distinct dead-letter attributes and state-table attributes', () => {
    const attributes = Object.values(DEAD_LETTER_ATTRIBUTES);
    expect(new Set(attributes).size).toBe(attributes.length);
    expect(STATE_TABLE.partitionKey).not.toBe(STATE_TABLE.ttlAttribute);
  });

  it.each(['eu-west-1', 'us-east-1', 'us-gov-west-1', 'cn-north-1', 'ap-southeast-5', 'us-isob-east-1'])(
    'accepts the region %s',
    (region) => {
      expect(REGION_PATTERN.test(region)).toBe(true);
    },
  );

  it.each(['', 'eu-west', 'EU-WEST-1', 'euwest1', 'eu-west-1 ', 'e-west-1'])(
    'refuses the region "%s"',
    (region) => {
      expect(REGION_PATTERN.test(region)).toBe(false);
    },
  );

  it('accepts only 12-digit account ids', () => {
    expect(ACCOUNT_ID_PATTERN.test('111122223333')).toBe(true);
    expect(ACCOUNT_ID_PATTERN.test('11112222333')).toBe(false);
    expect(ACCOUNT_ID_PATTERN.test('11112222333a')).toBe(false);
  });
});
