/** Patterns compared as JSON values: key order ignored, array order and every value kept. */
import { jsonDifference, patternDifference } from '../../src';

describe('jsonDifference', () => {
  it.each<[string, unknown, unknown, string | undefined]>([
    ['equal scalars', 'a', 'a', undefined],
    ['objects in another key order', { a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 }, undefined],
    ['a changed scalar', { a: { b: 'x' } }, { a: { b: 'y' } }, 'a.b'],
    ['a missing key', { a: 1, b: 2 }, { a: 1 }, 'b'],
    ['an added key', { a: 1 }, { a: 1, z: 2 }, 'z'],
    ['an array of another length', { a: [1, 2] }, { a: [1] }, 'a'],
    [
      'an array item changed',
      { $or: [{ a: 1 }, { b: ['x'] }] },
      { $or: [{ a: 1 }, { b: ['y'] }] },
      '$or[1].b[0]',
    ],
    ['array order', [1, 2], [2, 1], '[0]'],
    ['an array against an object', { a: [] }, { a: {} }, 'a'],
    ['null against an object', { a: null }, { a: {} }, 'a'],
    ['the whole value', { a: 1 }, 'a', ''],
  ])('%s', (_what, a, b, path) => {
    expect(jsonDifference(a, b)).toBe(path);
  });
});

describe('patternDifference', () => {
  const pattern = { source: ['aws.ec2'], detail: { eventName: ['A', 'B'] } };

  it('is undefined for the same pattern written in another key order', () => {
    expect(
      patternDifference(pattern, '{"detail":{"eventName":["A","B"]},"source":["aws.ec2"]}'),
    ).toBeUndefined();
  });

  it('says where a pattern differs, or that it differs entirely', () => {
    expect(patternDifference(pattern, '{"source":["aws.ec2"],"detail":{"eventName":["A"]}}')).toBe(
      "has an event pattern that differs from Guardrail's at detail.eventName",
    );
    expect(patternDifference(pattern, '["aws.ec2"]')).toBe(
      "has an event pattern that differs from Guardrail's entirely",
    );
  });

  it('tells a rule without a pattern and a pattern that is not JSON', () => {
    expect(patternDifference(pattern, undefined)).toBe('has no event pattern');
    expect(patternDifference(pattern, '{nope')).toBe('has an event pattern that is not JSON');
  });

  it('compares what JSON holds of the expected pattern (an undefined value is not deployed)', () => {
    expect(patternDifference({ ...pattern, extra: undefined }, JSON.stringify(pattern))).toBeUndefined();
  });
});
