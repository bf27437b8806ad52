/**
 * AWS-managed prefix lists that are internet-facing by nature: their addresses belong to an AWS
 * service that relays traffic any internet user can aim at any address, so a rule from one of them
 * is open to the internet whatever the list's CIDRs look like. These are matched as the CIDRs they
 * hold (public addresses: `internet` catches them), like a customer-managed list. Every other
 * AWS-managed list keeps its meaning of a reference (matched only by a matcher naming it, or `any`):
 * docs/policies.md, "Prefix lists", says which and why.
 *
 * - `com.amazonaws.global.cloudfront.origin-facing` and `com.amazonaws.global.ipv6.cloudfront.origin-facing`:
 *   CloudFront's origin-facing servers. Anyone can create a distribution whose origin is your
 *   address, so the list admits every internet user through CloudFront.
 * - `com.amazonaws.<region>.route53-healthchecks` and `com.amazonaws.<region>.ipv6.route53-healthchecks`:
 *   Route 53 health checkers. Anyone can create a health check against any address and port (TCP
 *   connects, HTTP(S) requests with a chosen path, reading part of the answer).
 *
 * Kept as references: `com.amazonaws.<region>.s3` and `.dynamodb` (gateway-endpoint routes to an AWS
 * service, used in egress), `com.amazonaws.<region>.ec2-instance-connect` (the service connects only
 * for principals IAM allows on the instance), `com.amazonaws.<region>.vpc-lattice` (service-network
 * traffic, governed by Lattice auth policies), and any list not named here.
 */
const INTERNET_FACING: readonly RegExp[] = [
  /^com\.amazonaws\.global\.(ipv6\.)?cloudfront\.origin-facing$/,
  /^com\.amazonaws\.[a-z0-9-]+\.(ipv6\.)?route53-healthchecks$/,
];

/** True for the name of an AWS-managed list that is internet-facing by nature (see above). */
export function isInternetFacingAwsList(name: string | undefined): boolean {
  return name !== undefined && INTERNET_FACING.some((pattern) => pattern.test(name));
}
