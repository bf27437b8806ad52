import { ShapeError } from '../../src/rules/json-shape';
import { CLOUDTRAIL_DIALECT, EC2_API_DIALECT, readIpPermission } from '../../src/rules/permission-reader';

/** One permission written both ways: the EC2 API shape and CloudTrail's record shape. */
const api = {
  IpProtocol: 'tcp',
  FromPort: 443,
  ToPort: 443,
  IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'office' }],
  Ipv6Ranges: [{ CidrIpv6: '::/0' }],
  PrefixListIds: [{ PrefixListId: 'pl-1' }],
  UserIdGroupPairs: [{ GroupId: 'sg-1', UserId: '222233334444', VpcId: 'vpc-1', Description: 'app' }],
};
const record = {
  ipProtocol: 'tcp',
  fromPort: 443,
  toPort: 443,
  ipRanges: { items: [{ cidrIp: '10.0.0.0/8', description: 'office' }] },
  ipv6Ranges: { items: [{ cidrIpv6: '::/0' }] },
  prefixListIds: { items: [{ prefixListId: 'pl-1' }] },
  groups: { items: [{ groupId: 'sg-1', userId: '222233334444', vpcId: 'vpc-1', description: 'app' }] },
};

describe('readIpPermission', () => {
  it('reads the same permission from both dialects', () => {
    const fromApi = readIpPermission(api, '', EC2_API_DIALECT);
    expect(readIpPermission(record, '', CLOUDTRAIL_DIALECT)).toEqual(fromApi);
    expect(fromApi.UserIdGroupPairs).toEqual([
      {
        GroupId: 'sg-1',
        UserId: '222233334444',
        VpcId: 'vpc-1',
        VpcPeeringConnectionId: undefined,
        Description: 'app',
      },
    ]);
  });

  it('reads a CloudTrail protocol number, and keeps an API protocol as written', () => {
    expect(readIpPermission({ ipProtocol: 6 }, '', CLOUDTRAIL_DIALECT).IpProtocol).toBe('tcp');
    expect(readIpPermission({ IpProtocol: '6' }, '', EC2_API_DIALECT).IpProtocol).toBe('6');
  });

  it('names the bad field in the dialect it reads', () => {
    expect(() => readIpPermission({ ...api, IpRanges: [{}] }, 'p', EC2_API_DIALECT)).toThrow(
      new ShapeError('p.IpRanges[0].CidrIp', 'is required'),
    );
    expect(() => readIpPermission({ ...record, ipRanges: { items: [{}] } }, 'p', CLOUDTRAIL_DIALECT)).toThrow(
      new ShapeError('p.ipRanges.items[0].cidrIp', 'is required'),
    );
  });
});
