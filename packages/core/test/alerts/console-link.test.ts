import { securityGroupConsoleUrl } from '../../src/alerts/console-link';

describe('securityGroupConsoleUrl', () => {
  it('points at the regional EC2 console page of the group', () => {
    expect(securityGroupConsoleUrl('eu-west-1', 'sg-0abc')).toBe(
      'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#SecurityGroup:groupId=sg-0abc',
    );
  });

  it('uses another console origin when given (GovCloud, China), without doubling slashes', () => {
    expect(securityGroupConsoleUrl('us-gov-west-1', 'sg-1', 'https://console.amazonaws-us-gov.com/')).toBe(
      'https://console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1#SecurityGroup:groupId=sg-1',
    );
  });

  it('encodes what it interpolates', () => {
    expect(securityGroupConsoleUrl('eu-west-1', 'sg-1#x')).toContain('groupId=sg-1%23x');
  });
});
