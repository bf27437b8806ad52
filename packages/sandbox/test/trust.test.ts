import { SandboxError } from '../src';
import { parseTrustPolicy, trustAllows } from '../src/trust';

const HUB_ROLE = 'arn:aws:iam::222233334444:role/guardrail-hub';
const request = (overrides: Partial<Parameters<typeof trustAllows>[1]> = {}) => ({
  action: 'sts:AssumeRole',
  principalArns: [HUB_ROLE, 'arn:aws:sts::222233334444:assumed-role/guardrail-hub/fn'],
  accountId: '222233334444',
  context: { 'aws:principalorgid': 'o-exampleorgid' },
  ...overrides,
});

describe('trust policies', () => {
  it('allows the named role, and any principal of a named account root', () => {
    const byArn = parseTrustPolicy({
      Statement: { Effect: 'Allow', Principal: { AWS: HUB_ROLE }, Action: 'sts:*' },
    });
    expect(trustAllows(byArn, request())).toBe(true);
    expect(trustAllows(byArn, request({ principalArns: ['arn:aws:iam::222233334444:user/bob'] }))).toBe(
      false,
    );
    const byAccount = parseTrustPolicy({
      Statement: [{ Effect: 'Allow', Principal: { AWS: '222233334444' }, Action: 'sts:AssumeRole' }],
    });
    expect(trustAllows(byAccount, request({ principalArns: ['arn:aws:iam::222233334444:user/bob'] }))).toBe(
      true,
    );
    expect(trustAllows(byAccount, request({ accountId: '111122223333' }))).toBe(false);
  });

  it('lets an explicit Deny win, and evaluates string conditions', () => {
    const policy = parseTrustPolicy({
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorgid' } },
        },
        {
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'sts:AssumeRole',
          Condition: { StringLike: { 'sts:RoleSessionName': 'evil-*' } },
        },
      ],
    });
    expect(trustAllows(policy, request())).toBe(true);
    expect(trustAllows(policy, request({ context: { 'aws:principalorgid': 'o-other' } }))).toBe(false);
    expect(
      trustAllows(
        policy,
        request({ context: { 'aws:principalorgid': 'o-exampleorgid', 'sts:rolesessionname': 'evil-1' } }),
      ),
    ).toBe(false);
  });

  it('refuses condition operators it cannot evaluate, rather than guessing', () => {
    expect(() =>
      parseTrustPolicy({
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 'sts:AssumeRole',
            Condition: { IpAddress: { 'aws:SourceIp': '1.2.3.4' } },
          },
        ],
      }),
    ).toThrow(SandboxError);
  });
});
