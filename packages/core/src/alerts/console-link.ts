/** The AWS console page of a security group, for the alert's "open it" link. */

export function securityGroupConsoleUrl(region: string, groupId: string, consoleBaseUrl?: string): string {
  const origin = (consoleBaseUrl ?? `https://${region}.console.aws.amazon.com`).replace(/\/+$/, '');
  const query = `region=${encodeURIComponent(region)}`;
  return `${origin}/ec2/home?${query}#SecurityGroup:groupId=${encodeURIComponent(groupId)}`;
}
