import { isIcmp, normalizePorts, normalizeProtocol, protocolHasPorts } from '../../src/rules';

describe('normalizeProtocol', () => {
  it.each([
    ['6', 'tcp'],
    [6, 'tcp'],
    ['17', 'udp'],
    ['1', 'icmp'],
    ['58', 'icmpv6'],
    ['006', 'tcp'],
    ['all', '-1'],
    ['ALL', '-1'],
    ['-1', '-1'],
    [-1, '-1'],
    [undefined, '-1'],
    ['TCP', 'tcp'],
    [' Udp ', 'udp'],
    ['icmpv6', 'icmpv6'],
    ['50', '50'],
    [50, '50'],
    ['esp', 'esp'],
  ])('%p -> %p', (input, expected) => {
    expect(normalizeProtocol(input)).toBe(expected);
  });
});

describe('protocolHasPorts / isIcmp', () => {
  it('knows which protocols carry ports', () => {
    expect(['tcp', 'udp', 'icmp', 'icmpv6'].map(protocolHasPorts)).toEqual([true, true, true, true]);
    expect(['-1', '50'].map(protocolHasPorts)).toEqual([false, false]);
    expect(['icmp', 'icmpv6', 'tcp'].map(isIcmp)).toEqual([true, true, false]);
  });
});

describe('normalizePorts', () => {
  it('spans every port for protocols without ports, whatever was given', () => {
    expect(normalizePorts('-1', 0, 65535)).toEqual({ fromPort: -1, toPort: -1 });
    expect(normalizePorts('50', 5, 6)).toEqual({ fromPort: -1, toPort: -1 });
  });
  it('reads ICMP any type as any code', () => {
    expect(normalizePorts('icmp', -1, 4)).toEqual({ fromPort: -1, toPort: -1 });
    expect(normalizePorts('icmpv6', undefined, undefined)).toEqual({ fromPort: -1, toPort: -1 });
    expect(normalizePorts('icmp', 8, -1)).toEqual({ fromPort: 8, toPort: -1 });
    expect(normalizePorts('icmp', 3, 4)).toEqual({ fromPort: 3, toPort: 4 });
  });
  it('keeps tcp/udp ranges, missing ends as -1', () => {
    expect(normalizePorts('tcp', 22, 22)).toEqual({ fromPort: 22, toPort: 22 });
    expect(normalizePorts('udp', 53, undefined)).toEqual({ fromPort: 53, toPort: -1 });
  });
});
