import {
  exposureWindow,
  exposureWindowSeconds,
  formatDuration,
  longestExposure,
} from '../../src/alerts/exposure';

describe('exposureWindowSeconds', () => {
  it('measures from the change to the revert', () => {
    expect(exposureWindowSeconds('2025-06-01T10:00:00Z', '2025-06-01T10:00:04.250Z')).toBe(4.25);
  });

  it('counts clock skew (revert stamped before the event) as no exposure', () => {
    expect(exposureWindowSeconds('2025-06-01T10:00:05Z', '2025-06-01T10:00:04Z')).toBe(0);
  });

  it('is undefined when either end is not an instant', () => {
    expect(exposureWindowSeconds('yesterday', '2025-06-01T10:00:04Z')).toBeUndefined();
    expect(exposureWindowSeconds('2025-06-01T10:00:04Z', '')).toBeUndefined();
  });
});

describe('exposureWindow and longestExposure', () => {
  it('keeps both ends with the seconds', () => {
    expect(exposureWindow('2025-06-01T10:00:00Z', '2025-06-01T10:01:00Z')).toEqual({
      from: '2025-06-01T10:00:00Z',
      to: '2025-06-01T10:01:00Z',
      seconds: 60,
    });
    expect(exposureWindow('x', '2025-06-01T10:01:00Z')).toBeUndefined();
  });

  it('picks the longest window, ignoring missing ones', () => {
    const short = { from: 'a', to: 'b', seconds: 2 };
    const long = { from: 'c', to: 'd', seconds: 9 };
    expect(longestExposure([undefined, short, long, { ...short }])).toBe(long);
    expect(longestExposure([undefined])).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [3.46, '3.5 s'],
    [42.4, '42 s'],
    [185, '3 min 5 s'],
    [7620, '2 h 7 min'],
  ])('%p seconds reads %p', (seconds, words) => {
    expect(formatDuration(seconds)).toBe(words);
  });
});
