import { fitSubject, headlineFinding, MAX_SUBJECT_LENGTH } from '../../src/alerts/subject';
import type { AlertFinding } from '../../src/alerts/types';

describe('fitSubject', () => {
  it('joins the pieces when they fit', () => {
    expect(fitSubject([{ text: '[HIGH] ' }, { text: 'x', shrink: 1 }, { text: ' y' }])).toBe('[HIGH] x y');
  });

  it('gives way in order: drops a droppable piece first, then shortens the next', () => {
    const pieces = [
      { text: 'AAAA ' },
      { text: 'rule words that are long', shrink: 2, min: 6 },
      { text: ' on sg (' },
      { text: 'name ', shrink: 1 },
      { text: 'id)' },
    ];
    expect(fitSubject(pieces, 40)).toBe('AAAA rule words that are long on sg (id)');
    expect(fitSubject(pieces, 30)).toBe('AAAA rule words... on sg (id)');
  });

  it('keeps a piece at its minimum, then cuts the whole', () => {
    const pieces = [{ text: 'HEAD ' }, { text: 'abcdefghijkl', shrink: 1, min: 8 }, { text: ' TAIL' }];
    expect(fitSubject(pieces, 18)).toBe('HEAD abcde... TAIL');
    // The final cut prefers the word boundary.
    expect(fitSubject(pieces, 12)).toBe('HEAD...');
  });

  it('shortens a droppable piece when that is enough, drops it otherwise', () => {
    const pieces = [{ text: 'HEAD ' }, { text: 'production-account ', shrink: 1 }, { text: 'TAIL' }];
    expect(fitSubject(pieces, 20)).toBe('HEAD product... TAIL');
    expect(fitSubject(pieces, 13)).toBe('HEAD TAIL');
    const short = [{ text: 'HEAD ' }, { text: 'abcdef ', shrink: 1 }, { text: 'TAIL' }];
    expect(fitSubject(short, 14)).toBe('HEAD a... TAIL');
    expect(fitSubject(short, 13)).toBe('HEAD TAIL');
  });

  it('drops a whole piece rather than shortening it', () => {
    const pieces = [{ text: 'HEAD' }, { text: ' (+12 more)', shrink: 1, whole: true }, { text: ' TAIL' }];
    expect(fitSubject(pieces, 20)).toBe('HEAD (+12 more) TAIL');
    expect(fitSubject(pieces, 19)).toBe('HEAD TAIL');
  });

  it('removes line breaks from every piece', () => {
    expect(fitSubject([{ text: 'a\nb' }, { text: '\r', shrink: 1 }])).toBe('a b ');
  });

  it('defaults to the SNS limit', () => {
    expect(MAX_SUBJECT_LENGTH).toBeLessThan(100);
    expect(fitSubject([{ text: 'x'.repeat(500) }])).toHaveLength(MAX_SUBJECT_LENGTH);
  });
});

function finding(overrides: Partial<AlertFinding>): AlertFinding {
  return {
    code: 'denied',
    direction: 'ingress',
    rule: 'r',
    permission: {},
    reason: 'why',
    cause: 'change',
    internet: false,
    adminPort: false,
    decision: 'reverted',
    ...overrides,
  };
}

describe('headlineFinding', () => {
  it('names the worst finding: admin port to the internet, then internet, then a change over drift', () => {
    const drift = finding({ rule: 'drift', cause: 'drift' });
    const change = finding({ rule: 'change' });
    const web = finding({ rule: 'web', internet: true, cause: 'drift' });
    const ssh = finding({ rule: 'ssh', internet: true, adminPort: true, cause: 'drift' });
    const missing = finding({ rule: 'missing', code: 'missing-required', internet: true, adminPort: true });
    expect(headlineFinding([drift, change])?.rule).toBe('change');
    expect(headlineFinding([change, web])?.rule).toBe('web');
    expect(headlineFinding([web, ssh, change])?.rule).toBe('ssh');
    expect(headlineFinding([missing, web])?.rule).toBe('web');
  });

  it('prefers what is still open when something failed', () => {
    const fixed = finding({ rule: 'fixed', internet: true, adminPort: true });
    const open = finding({ rule: 'open', decision: 'failed' });
    expect(headlineFinding([fixed, open])?.rule).toBe('open');
    expect(headlineFinding([])).toBeUndefined();
  });

  it('never names what someone else had already done (the verb is this hub’s)', () => {
    const theirs = finding({ rule: 'theirs', internet: true, adminPort: true, decision: 'already-applied' });
    const ours = finding({ rule: 'ours' });
    expect(headlineFinding([theirs, ours])?.rule).toBe('ours');
    expect(headlineFinding([theirs, finding({ rule: 'open', decision: 'failed' })])?.rule).toBe('open');
    expect(headlineFinding([theirs])).toBeUndefined();
  });
});
