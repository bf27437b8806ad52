import fc from 'fast-check';
import { parseCidr } from '../../src/net/cidr';
import { containedInInternet, overlapsInternet } from '../../src/net/internet';

describe('the internet peer', () => {
  it.each([
    // cidr, overlaps internet, contained in internet
    ['0.0.0.0/0', true, false],
    ['0.0.0.0/1', true, false],
    ['128.0.0.0/1', true, false],
    ['1.2.3.0/24', true, true],
    ['203.0.113.7/32', true, true],
    ['10.0.0.0/8', false, false],
    ['10.0.0.0/7', true, false],
    ['10.20.0.0/16', false, false],
    ['172.16.0.0/12', false, false],
    ['172.32.0.0/16', true, true],
    ['192.168.1.0/24', false, false],
    ['100.64.0.0/10', false, false],
    ['100.128.0.0/16', true, true],
    ['::/0', true, false],
    ['2001:db8::/32', true, true],
    ['fc00::/7', false, false],
    ['fd12:3456::/32', false, false],
    ['fe80::/10', false, false],
    ['fe80::/9', true, false],
  ])('%s: overlaps %s, contained %s', (cidr, overlaps, contained) => {
    expect(overlapsInternet(parseCidr(cidr))).toBe(overlaps);
    expect(containedInInternet(parseCidr(cidr))).toBe(contained);
  });

  it('a block contained in the internet also overlaps it', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (address, prefix) => {
        const cidr = parseCidr(`${address}/${prefix}`);
        if (containedInInternet(cidr)) expect(overlapsInternet(cidr)).toBe(true);
      }),
    );
  });
});
