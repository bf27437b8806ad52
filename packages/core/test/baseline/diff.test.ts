import { diffBaseline } from '../../src/baseline/diff';
import type { Rule } from '../../src/rules/types';
import { APPROVED, baseline, tcp } from './fixtures';

describe('diffBaseline', () => {
  it('is empty for the group as approved (ids aside)', () => {
    expect(diffBaseline(baseline(), APPROVED)).toEqual({ added: [], missing: [], modified: [] });
  });

  it('tells rules added, baseline rules missing and descriptions changed', () => {
    const [pg10, , lb, out] = APPROVED as [Rule, Rule, Rule, Rule];
    const added = tcp(8080, '10.0.0.0/8');
    const renamed = { ...pg10, description: 'other' };
    const locked = baseline();
    expect(diffBaseline(locked, [renamed, lb, out, added])).toEqual({
      added: [added],
      missing: [locked.rules[1]],
      modified: [{ rule: renamed, baseline: locked.rules[0] }],
    });
  });
});
