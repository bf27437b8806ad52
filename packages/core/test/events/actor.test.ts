import { roleNameFromArn } from '../../src/events';

describe('roleNameFromArn', () => {
  it.each([
    ['arn:aws:iam::111122223333:role/guardrail-remediation', 'guardrail-remediation'],
    ['arn:aws:iam::111122223333:role/path/to/name', 'name'],
    ['arn:aws:sts::111122223333:assumed-role/guardrail-remediation/guardrail', 'guardrail-remediation'],
    ['arn:aws:iam::111122223333:user/alice', undefined],
    ['arn:aws:iam::111122223333:root', undefined],
    ['not an arn', undefined],
    [undefined, undefined],
  ])('%p -> %p', (arn, name) => {
    expect(roleNameFromArn(arn)).toBe(name);
  });
});
