import fc from 'fast-check';
import { matcherTraffic, ruleTraffic, trafficContains, trafficOverlaps } from '../../src/policy/traffic';
import type { Matcher } from '../../src/policy/types';

const m = (protocol: Matcher['protocol'], ports: Matcher['ports']) => matcherTraffic({ protocol, ports });

describe('traffic spaces compared with each other', () => {
  it.each([
    // outer, inner, overlaps, contains
    ['all 20-30 / all 25', m('all', '20-30'), m('all', 25), true, true],
    ['all 25 / all 20-30', m('all', 25), m('all', '20-30'), true, false],
    ['all 20-30 / all 40', m('all', '20-30'), m('all', 40), false, false],
    ['tcp 25 / all 20-30', m('tcp', 25), m('all', '20-30'), true, false],
    ['icmp all / all 20-30', m('icmp', 'all'), m('all', '20-30'), false, false],
    ['all 20-30 / every', m('all', '20-30'), m('all', 'all'), true, false],
    [
      'tcp rule as space / udp',
      ruleTraffic({ protocol: 'tcp', fromPort: 1, toPort: 2 }),
      m('udp', 1),
      false,
      false,
    ],
  ])('%s', (_name, outer, inner, overlaps, contains) => {
    expect(trafficOverlaps(outer, inner)).toBe(overlaps);
    expect(trafficOverlaps(inner, outer)).toBe(overlaps);
    expect(trafficContains(outer, inner)).toBe(contains);
  });

  const arb = fc
    .record({
      protocol: fc.constantFrom<Matcher['protocol']>('tcp', 'udp', 'all', 'icmp', 50),
      from: fc.integer({ min: 0, max: 200 }),
      span: fc.integer({ min: 0, max: 100 }),
      every: fc.boolean(),
    })
    .map(({ protocol, from, span, every }) =>
      m(protocol, every || protocol === 50 ? 'all' : protocol === 'icmp' ? from : `${from}-${from + span}`),
    );

  it('overlap is symmetric; containment implies overlap; a space contains itself', () => {
    fc.assert(
      fc.property(arb, arb, (x, y) => {
        expect(trafficOverlaps(x, y)).toBe(trafficOverlaps(y, x));
        if (trafficContains(x, y)) expect(trafficOverlaps(x, y)).toBe(true);
        expect(trafficContains(x, x)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
