import { isInternetFacingAwsList } from '../../src/prefix-lists/aws-managed';
import { listMeaning, NOT_RESOLVED, prefixListIdsOf } from '../../src/prefix-lists/resolve';
import type { PrefixListResolution } from '../../src/prefix-lists/types';
import type { Rule } from '../../src/rules/types';

describe('isInternetFacingAwsList', () => {
  it.each([
    'com.amazonaws.global.cloudfront.origin-facing',
    'com.amazonaws.global.ipv6.cloudfront.origin-facing',
    'com.amazonaws.eu-west-1.route53-healthchecks',
    'com.amazonaws.us-east-1.ipv6.route53-healthchecks',
  ])('treats %s as internet-facing', (name) => {
    expect(isInternetFacingAwsList(name)).toBe(true);
  });

  it.each([
    'com.amazonaws.eu-west-1.s3',
    'com.amazonaws.eu-west-1.dynamodb',
    'com.amazonaws.eu-west-1.ec2-instance-connect',
    'com.amazonaws.eu-west-1.ipv6.ec2-instance-connect',
    'com.amazonaws.eu-west-1.vpc-lattice',
    'com.amazonaws.global.cloudfront.origin-facing.extra',
    'xcom.amazonaws.global.cloudfront.origin-facing',
    'com.amazonaws..route53-healthchecks',
    '',
  ])('keeps %s a reference', (name) => {
    expect(isInternetFacingAwsList(name)).toBe(false);
  });

  it('keeps a list without a name a reference', () => {
    expect(isInternetFacingAwsList(undefined)).toBe(false);
  });
});

describe('listMeaning', () => {
  const customer: PrefixListResolution = {
    id: 'pl-1',
    owner: 'customer',
    version: 3,
    entries: ['0.0.0.0/0', 'not a cidr'],
  };

  it('reads a customer-managed list as its CIDRs (an unparsable one as a block of unknown extent)', () => {
    const meaning = listMeaning('pl-1', new Map([['pl-1', customer]]));
    expect(meaning).toMatchObject({ kind: 'cidrs', id: 'pl-1' });
    if (meaning.kind !== 'cidrs') throw new Error('expected cidrs');
    expect(meaning.members.map((m) => m.cidr)).toEqual(['0.0.0.0/0', 'not a cidr']);
    expect(meaning.members[0]?.peer).toMatchObject({ kind: 'cidr', cidr: { family: 4, prefix: 0 } });
    expect(meaning.members[1]?.peer).toEqual({ kind: 'cidr', cidr: undefined });
  });

  it('computes the meaning of one resolution object once', () => {
    const lists = new Map([['pl-1', customer]]);
    expect(listMeaning('pl-1', lists)).toBe(listMeaning('pl-1', lists));
    // A new version is a new object: read again.
    const modified = new Map([['pl-1', { ...customer, version: 4, entries: ['10.0.0.0/8'] }]]);
    expect(listMeaning('pl-1', modified)).not.toBe(listMeaning('pl-1', lists));
  });

  it('keeps an AWS-managed list a reference, unless it is internet-facing', () => {
    const s3: PrefixListResolution = {
      id: 'pl-6da54004',
      owner: 'aws',
      name: 'com.amazonaws.eu-west-1.s3',
      entries: ['52.218.0.0/17'],
    };
    expect(listMeaning(s3.id, new Map([[s3.id, s3]]))).toEqual({ kind: 'reference' });
    const cloudfront: PrefixListResolution = {
      id: 'pl-4fa04526',
      owner: 'aws',
      name: 'com.amazonaws.global.cloudfront.origin-facing',
      entries: ['13.32.0.0/15'],
    };
    expect(listMeaning(cloudfront.id, new Map([[cloudfront.id, cloudfront]]))).toMatchObject({
      kind: 'cidrs',
      members: [{ cidr: '13.32.0.0/15' }],
    });
  });

  it('says why a list is unverifiable: unreadable, or not resolved at all', () => {
    const unreadable: PrefixListResolution = { id: 'pl-2', unreadable: true, reason: 'access-denied' };
    expect(listMeaning('pl-2', new Map([['pl-2', unreadable]]))).toEqual({
      kind: 'unverifiable',
      id: 'pl-2',
      reason: 'access-denied',
    });
    expect(listMeaning('pl-3', new Map())).toEqual({
      kind: 'unverifiable',
      id: 'pl-3',
      reason: NOT_RESOLVED,
    });
  });
});

describe('prefixListIdsOf', () => {
  const from = (peer: Rule['peer']): Rule => ({
    direction: 'ingress',
    protocol: 'tcp',
    fromPort: 22,
    toPort: 22,
    peer,
  });

  it('lists the referenced lists once each, in rule order', () => {
    expect(
      prefixListIdsOf([
        from({ kind: 'prefixList', prefixListId: 'pl-b' }),
        from({ kind: 'ipv4', cidr: '0.0.0.0/0' }),
        from({ kind: 'prefixList', prefixListId: 'pl-a' }),
        { ...from({ kind: 'prefixList', prefixListId: 'pl-b' }), direction: 'egress' },
        from({ kind: 'securityGroup', groupId: 'sg-1' }),
      ]),
    ).toEqual(['pl-b', 'pl-a']);
    expect(prefixListIdsOf([])).toEqual([]);
  });
});
