import { canonicalCidr, cidrOrUndefined, parseCidr } from '../../src/net/cidr';

describe('cidrOrUndefined (the memoized parse rules are compiled with)', () => {
  it.each(['10.0.0.1/8', '0.0.0.0/0', '2001:DB8:0:0::/64', '::ffff:192.0.2.1/128', ' 192.168.1.0/24 '])(
    '%p is the block parseCidr reads, frozen and shared',
    (text) => {
      const block = cidrOrUndefined(text);
      expect(block).toEqual(parseCidr(text));
      expect(Object.isFrozen(block)).toBe(true);
      expect(cidrOrUndefined(text)).toBe(block);
    },
  );

  it.each(['10.0.0.0/33', 'bogus', '10.0.0.0/8/8', ''])(
    '%p does not parse: undefined, every time',
    (text) => {
      expect(() => parseCidr(text)).toThrow();
      expect(cidrOrUndefined(text)).toBeUndefined();
      expect(cidrOrUndefined(text)).toBeUndefined();
      // The shared memo still answers the canonical text: the raw text of an unparsable CIDR.
      expect(canonicalCidr(text)).toBe(text);
    },
  );

  it('agrees with canonicalCidr whichever is asked first', () => {
    expect(canonicalCidr('172.16.5.5/12')).toBe('172.16.0.0/12');
    expect(cidrOrUndefined('172.16.5.5/12')).toEqual(parseCidr('172.16.0.0/12'));
    expect(cidrOrUndefined('2001:DB8::1/32')).toEqual(parseCidr('2001:db8::/32'));
    expect(canonicalCidr('2001:DB8::1/32')).toBe('2001:db8::/32');
  });

  it('stays right past the bound of its memo', () => {
    const texts = Array.from({ length: 5000 }, (_, i) => `10.${i >> 8}.${i & 255}.7/24`);
    for (const text of texts) cidrOrUndefined(text);
    expect(cidrOrUndefined(texts[0]!)).toEqual(parseCidr('10.0.0.0/24'));
    expect(cidrOrUndefined(texts[4999]!)).toEqual(parseCidr(`10.19.135.0/24`));
  });
});
