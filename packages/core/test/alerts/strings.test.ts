import fc from 'fast-check';
import { oneLine, truncate } from '../../src/alerts/strings';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('oneLine', () => {
  it('turns line breaks and control characters into spaces', () => {
    expect(oneLine('a\nb\r\nc\td\u0000e\u2028f')).toBe('a b  c d e f');
  });

  it('replaces lone surrogates and keeps pairs', () => {
    expect(oneLine('x\uD83Dy\uDE00z 😀')).toBe('x\uFFFDy\uFFFDz 😀');
  });
});

describe('truncate', () => {
  it('leaves a short value alone', () => {
    expect(truncate('tcp 22', 6)).toBe('tcp 22');
  });

  it('cuts at a nearby space and marks the cut', () => {
    expect(truncate('tcp 22 from 203.0.113.0/24', 16)).toBe('tcp 22 from...');
  });

  it('cuts mid-word when no space is close to the limit', () => {
    expect(truncate('abcdefghijklmnopqrstuvwxyz', 10)).toBe('abcdefg...');
  });

  it('never splits a surrogate pair', () => {
    // "ab" + 😀 (two code units) ...: a cut after "ab\uD83D" would leave half a character.
    expect(truncate('ab😀cdefgh', 6)).toBe('ab...');
  });

  it('makes a plain cut when the limit leaves no room for the ellipsis', () => {
    expect(truncate('abcdef', 2)).toBe('ab');
    expect(truncate('😀😀', 3)).toBe('😀');
    expect(truncate('abc', 0)).toBe('');
  });

  it('stays within the limit and well-formed for any text and limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.nat({ max: 120 }), (text, max) => {
        const cut = truncate(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(LONE_SURROGATE.test(cut)).toBe(false);
        if (text.length <= max) expect(cut).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
