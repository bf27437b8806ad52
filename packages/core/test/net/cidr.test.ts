import fc from 'fast-check';
import {
  CidrError,
  canonicalCidr,
  cidrContains,
  cidrOverlaps,
  formatCidr,
  isCidr,
  parseCidr,
} from '../../src/net/cidr';

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', 4, 0x0a000000n, 0x0affffffn, 8],
    ['0.0.0.0/0', 4, 0n, 0xffffffffn, 0],
    ['1.2.3.4', 4, 0x01020304n, 0x01020304n, 32],
    ['10.1.2.3/8', 4, 0x0a000000n, 0x0affffffn, 8],
    ['::/0', 6, 0n, (1n << 128n) - 1n, 0],
    ['::1/128', 6, 1n, 1n, 128],
    ['fe80::/10', 6, 0xfe80n << 112n, (0xfe80n << 112n) | ((1n << 118n) - 1n), 10],
    ['::ffff:192.0.2.1/128', 6, 0xffffc0000201n, 0xffffc0000201n, 128],
    ['::192.0.2.1', 6, 0xc0000201n, 0xc0000201n, 128],
    [
      '1:2:3:4:5:6:1.2.3.4/128',
      6,
      0x0001000200030004000500060102_0304n,
      0x00010002000300040005000601020304n,
      128,
    ],
    ['2001:DB8::/32', 6, 0x20010db8n << 96n, (0x20010db8n << 96n) | ((1n << 96n) - 1n), 32],
    ['1:2:3:4:5:6:7::/128', 6, 0x00010002000300040005000600070000n, 0x00010002000300040005000600070000n, 128],
  ])('%s', (text, family, start, end, prefix) => {
    expect(parseCidr(text)).toEqual({ family, start, end, prefix });
  });

  it.each([
    '',
    '10.0.0.0/33',
    '10.0.0/8',
    '10.0.0.256/32',
    '010.0.0.0/8',
    '10.0.0.0/-1',
    '10.0.0.0/8/8',
    '10.0.0.0/',
    'a.b.c.d/8',
    '::/129',
    '1::2::3/64',
    ':::/0',
    '12345::/16',
    '1:2:3:4:5:6:7:8:9/128',
    '1:2:3:4:5:6:7/128',
    '1:2:3:4:5:6:7:8::/128',
    '::ffff:1.2.3/128',
    'g::/16',
  ])('rejects %j with a CidrError', (text) => {
    expect(() => parseCidr(text)).toThrow(CidrError);
    expect(isCidr(text)).toBe(false);
  });

  it('names the input in the error', () => {
    expect(() => parseCidr('10.0.0.0/40')).toThrow(
      'invalid CIDR "10.0.0.0/40": prefix length must be 0 to 32',
    );
  });
});

describe('formatCidr', () => {
  it.each([
    ['10.1.2.3/8', '10.0.0.0/8'],
    ['::/0', '::/0'],
    ['2001:0DB8:0000:0000:0000:0000:0000:0001/128', '2001:db8::1/128'],
    ['1:0:0:2:0:0:0:3/128', '1:0:0:2::3/128'],
    ['1:0:2:3:4:5:6:7/128', '1:0:2:3:4:5:6:7/128'],
    ['1:2:3:4:5:6:7:8/128', '1:2:3:4:5:6:7:8/128'],
    ['fe80::/10', 'fe80::/10'],
    ['1::/128', '1::/128'],
  ])('%s -> %s', (input, output) => {
    expect(formatCidr(parseCidr(input))).toBe(output);
  });
});

describe('overlap and containment', () => {
  it.each([
    ['10.0.0.0/8', '10.1.0.0/16', true, true],
    ['10.1.0.0/16', '10.0.0.0/8', true, false],
    ['10.0.0.0/8', '10.0.0.0/7', true, false],
    ['10.0.0.0/8', '11.0.0.0/8', false, false],
    ['0.0.0.0/0', '::/0', false, false],
    ['::/0', '2001:db8::/32', true, true],
    ['0.0.0.0/1', '128.0.0.0/1', false, false],
  ])('%s vs %s: overlaps %s, contains %s', (a, b, overlaps, contains) => {
    expect(cidrOverlaps(parseCidr(a), parseCidr(b))).toBe(overlaps);
    expect(cidrContains(parseCidr(a), parseCidr(b))).toBe(contains);
  });
});

const ipv4Cidr = fc
  .record({ address: fc.ipV4(), prefix: fc.integer({ min: 0, max: 32 }) })
  .map(({ address, prefix }) => `${address}/${prefix}`);
const ipv6Cidr = fc
  .record({ address: fc.ipV6(), prefix: fc.integer({ min: 0, max: 128 }) })
  .map(({ address, prefix }) => `${address}/${prefix}`);
const anyCidr = fc.oneof(ipv4Cidr, ipv6Cidr);

describe('properties', () => {
  it('format then parse gives the same block, and format is idempotent', () => {
    fc.assert(
      fc.property(anyCidr, (text) => {
        const cidr = parseCidr(text);
        const formatted = formatCidr(cidr);
        expect(parseCidr(formatted)).toEqual(cidr);
        expect(formatCidr(parseCidr(formatted))).toBe(formatted);
      }),
    );
  });

  it('containment implies overlap, and a block contains itself', () => {
    fc.assert(
      fc.property(anyCidr, anyCidr, (a, b) => {
        const x = parseCidr(a);
        const y = parseCidr(b);
        if (cidrContains(x, y)) expect(cidrOverlaps(x, y)).toBe(true);
        expect(cidrContains(x, x)).toBe(true);
        expect(cidrOverlaps(x, y)).toBe(cidrOverlaps(y, x));
      }),
    );
  });

  it('two blocks of one family overlap exactly when one contains the other', () => {
    fc.assert(
      fc.property(ipv4Cidr, ipv4Cidr, (a, b) => {
        const x = parseCidr(a);
        const y = parseCidr(b);
        expect(cidrOverlaps(x, y)).toBe(cidrContains(x, y) || cidrContains(y, x));
      }),
    );
  });
});

describe('canonicalCidr', () => {
  it.each([
    ['10.0.0.1/8', '10.0.0.0/8'],
    ['10.0.0.0/8', '10.0.0.0/8'],
    [' 192.168.1.7/24', '192.168.1.0/24'],
    ['2001:db8:0:0::/64', '2001:db8::/64'],
    ['2001:DB8:0:0:1::/64', '2001:db8::/64'],
    ['::/0', '::/0'],
    ['not a cidr', 'not a cidr'],
    ['10.0.0.0/33', '10.0.0.0/33'],
  ])('%p -> %p', (text, canonical) => {
    expect(canonicalCidr(text)).toBe(canonical);
    // Asked again (from its memo): the same answer.
    expect(canonicalCidr(text)).toBe(canonical);
  });

  it('stays right past the bound of its memo', () => {
    const texts = Array.from({ length: 5000 }, (_, i) => `10.${i >> 8}.${i & 255}.1/24`);
    for (const text of texts) canonicalCidr(text);
    expect(canonicalCidr(texts[0]!)).toBe('10.0.0.0/24');
    expect(canonicalCidr(texts[4999]!)).toBe(`10.${4999 >> 8}.${4999 & 255}.0/24`);
  });

  it('agrees with formatCidr(parseCidr()) on every parsable block', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (address, prefix) => {
        const text = `${address}/${prefix}`;
        expect(canonicalCidr(text)).toBe(formatCidr(parseCidr(text)));
      }),
    );
  });
});
