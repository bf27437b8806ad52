import fc from 'fast-check';
import { anyArnMatches, arnMatches } from '../../src/baseline/arn-pattern';

const CFN = 'arn:aws:iam::111122223333:role/cdk-hnb659fds-cfn-exec-role-111122223333-eu-west-1';

describe('ARN patterns with IAM wildcards', () => {
  it.each([
    ['arn:aws:iam::*:role/cdk-*-cfn-exec-role-*', CFN, true],
    [
      'arn:aws:sts::*:assumed-role/ci-deployer/*',
      'arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42',
      true,
    ],
    [
      'arn:aws:sts::*:assumed-role/ci-deployer/*',
      'arn:aws:sts::111122223333:assumed-role/ci-deployer-old/x',
      false,
    ],
    [
      'arn:aws:iam::*:role/cdk-*-cfn-exec-role-*',
      'arn:aws:iam::111122223333:role/cdk-x-deploy-role-1',
      false,
    ],
    // `*` spans `/` and `:`, and may be empty.
    ['arn:aws:iam::*', CFN, true],
    ['arn:aws:iam::111122223333:role/*', 'arn:aws:iam::111122223333:role/', true],
    ['*', '', true],
    ['arn:*:role/a*b*c', 'arn:aws:iam::1:role/aXbYc', true],
    ['arn:*:role/a*b*c', 'arn:aws:iam::1:role/aXbYcd', false],
    ['arn:***:x', 'arn:aws:x', true],
    // `?` is exactly one character.
    ['arn:aws:iam::11112222333?:role/deployer', 'arn:aws:iam::111122223333:role/deployer', true],
    ['arn:aws:iam::11112222333?:role/deployer', 'arn:aws:iam::11112222333:role/deployer', false],
    ['arn:aws:iam::?', 'arn:aws:iam::', false],
    // The whole ARN, case-sensitive.
    ['arn:aws:iam::111122223333:role/Deployer', 'arn:aws:iam::111122223333:role/deployer', false],
    ['arn:aws:iam::111122223333:role/deploy', 'arn:aws:iam::111122223333:role/deployer', false],
    ['arn:aws:iam::111122223333:role/deployer', 'arn:aws:iam::111122223333:role/deploy', false],
    // Regular-expression characters are themselves.
    ['arn:aws:iam::1:role/a.b', 'arn:aws:iam::1:role/aXb', false],
    ['arn:aws:iam::1:role/a.b', 'arn:aws:iam::1:role/a.b', true],
    ['arn:aws:iam::1:role/a+', 'arn:aws:iam::1:role/aaa', false],
    ['arn:aws:iam::1:role/(x)', 'arn:aws:iam::1:role/(x)', true],
    ['arn:aws:iam::1:role/(x)', 'arn:aws:iam::1:role/x', false],
    ['arn:aws:iam::1:role/[ab]', 'arn:aws:iam::1:role/a', false],
    ['arn:aws:iam::1:role/^$|x', 'arn:aws:iam::1:role/^$|x', true],
  ])('%s against %s: %s', (pattern, arn, expected) => {
    expect(arnMatches(pattern, arn)).toBe(expected);
  });

  it('a pattern without wildcards matches only itself', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ':', '/', '.', '+', '(', '$') });
    fc.assert(
      fc.property(text, text, (pattern, arn) => {
        expect(arnMatches(pattern, arn)).toBe(pattern === arn);
      }),
    );
  });

  it('matches the way an anchored regular expression of the pattern does', () => {
    const unit = fc.constantFrom('a', 'b', ':', '*', '?');
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 8 }),
        fc.string({ unit: fc.constantFrom('a', 'b', ':'), maxLength: 10 }),
        (pattern, arn) => {
          const regex = new RegExp(`^${pattern.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
          expect(arnMatches(pattern, arn)).toBe(regex.test(arn));
        },
      ),
    );
  });

  it('stays fast on patterns that would make a backtracking regex explode', () => {
    const pattern = `arn:${'*a'.repeat(30)}b`;
    const arn = `arn:${'a'.repeat(5000)}`;
    const started = Date.now();
    expect(arnMatches(pattern, arn)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('anyArnMatches skips unknown ARNs', () => {
    expect(anyArnMatches(['arn:aws:iam::*:role/x'], [undefined, 'arn:aws:iam::1:role/x'])).toBe(true);
    expect(anyArnMatches(['arn:aws:iam::*:role/x'], [undefined])).toBe(false);
    expect(anyArnMatches([], ['arn:aws:iam::1:role/x'])).toBe(false);
  });
});
