/**
 * What EC2 refuses in the fields of one rule (an IpPermission or a SecurityGroupRule), as
 * problems in words that name the value, or undefined when EC2 would take it. Shared by the
 * policy schema (`required` permissions) and the CLI's strict reading of group files. The hub,
 * which reads what EC2 itself returned, does not run them: what AWS returns is what there is.
 *
 * Source: the EC2 API reference, IpPermission, IpRange and Ipv6Range
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html).
 */
import { type IpFamily, parseCidr } from '../net/cidr';
import { isIcmp, normalizeProtocol } from './protocol';

/** The protocol names EC2 takes; any other protocol is given by its number. */
const PROTOCOL_NAMES: ReadonlySet<string> = new Set(['tcp', 'udp', 'icmp', 'icmpv6']);

/**
 * `IpProtocol`: tcp, udp, icmp, icmpv6, a protocol number 0 to 255, or -1 for all. `"all"` is
 * not EC2's (only the policy matchers' `protocol: all`), and neither is `-2` or `300`: read
 * leniently, such values would compare as a protocol no rule has, and hide what the rule opens.
 */
export function ipProtocolProblem(value: string | number): string | undefined {
  const text = String(value);
  const known =
    PROTOCOL_NAMES.has(text.toLowerCase()) ||
    text === '-1' ||
    (/^\d{1,3}$/.test(text) && Number(text) <= 255);
  return known
    ? undefined
    : `${JSON.stringify(value)} is not an IP protocol (tcp, udp, icmp, icmpv6, a protocol number 0 to 255, or -1 for all)`;
}

/** A problem with a rule's ports, and which of the two fields it is in. */
export interface PortsProblem {
  field: 'FromPort' | 'ToPort';
  message: string;
}

const isPort = (n: number) => Number.isInteger(n) && n >= 0 && n <= 65535;
const isIcmpNumber = (n: number) => Number.isInteger(n) && n >= -1 && n <= 255;

/** tcp and udp: both ports given (EC2 requires a range for them), 0 to 65535, in order. */
function portRangeProblem(
  protocol: string,
  from: number | undefined,
  to: number | undefined,
): PortsProblem | undefined {
  const range = 'ports must be 0 to 65535, FromPort <= ToPort';
  if (from === undefined || to === undefined) {
    const missing = from === undefined ? 'FromPort' : 'ToPort';
    return { field: missing, message: `${protocol} needs FromPort and ToPort (${missing} is missing)` };
  }
  if (!isPort(from)) return { field: 'FromPort', message: `${from} is not a port (${range})` };
  if (!isPort(to)) return { field: 'ToPort', message: `${to} is not a port (${range})` };
  if (from > to) return { field: 'FromPort', message: `${from} is greater than ToPort ${to} (${range})` };
  return undefined;
}

/**
 * icmp and icmpv6: FromPort is the type and ToPort the code, each -1 (all) or 0 to 255; "if you
 * specify all ICMP/ICMPv6 types, you must specify all codes". A missing one reads as all, as
 * EC2 does for icmpv6 (a wider rule, never a hidden one).
 */
function icmpProblem(
  protocol: string,
  type: number | undefined,
  code: number | undefined,
): PortsProblem | undefined {
  const range = `${protocol} type (FromPort) and code (ToPort) must be -1 to 255`;
  if (type !== undefined && !isIcmpNumber(type)) {
    return { field: 'FromPort', message: `${type} is not an ICMP type (${range})` };
  }
  if (code !== undefined && !isIcmpNumber(code)) {
    return { field: 'ToPort', message: `${code} is not an ICMP code (${range})` };
  }
  if (type === -1 && code !== undefined && code !== -1) {
    return {
      field: 'ToPort',
      message: `${code}: with every ${protocol} type (FromPort -1) the code must be -1`,
    };
  }
  return undefined;
}

/**
 * The ports of a rule of this protocol. Any protocol but tcp, udp, icmp and icmpv6 allows every
 * port whatever the range says (EC2 ignores it), so its ports are not checked.
 */
export function portsProblem(
  protocolInput: string | number,
  fromPort: number | undefined,
  toPort: number | undefined,
): PortsProblem | undefined {
  const protocol = normalizeProtocol(protocolInput);
  if (protocol === 'tcp' || protocol === 'udp') return portRangeProblem(protocol, fromPort, toPort);
  if (isIcmp(protocol)) return icmpProblem(protocol, fromPort, toPort);
  return undefined;
}

/**
 * A CIDR field (`CidrIp` and `CidrIpv4` are IPv4, `CidrIpv6` IPv6): `address/prefix` (EC2: "to
 * specify a single IPv4 address, use the /32 prefix length"), a valid address and prefix of that
 * family, nothing around it. Host bits are accepted: EC2 takes `100.68.0.18/18` and stores it as
 * `100.68.0.0/18` ("AWS canonicalizes IPv4 and IPv6 CIDRs", API_IpRange and API_Ipv6Range), and
 * Guardrail compares blocks by the addresses they cover, so the verdict is the same.
 */
export function cidrFieldProblem(text: string, family: IpFamily): string | undefined {
  const quoted = JSON.stringify(text);
  if (text.trim() !== text) return `${quoted} has spaces around it`;
  if (!text.includes('/')) return `${quoted} is not a CIDR block (expected address/prefix)`;
  try {
    const cidr = parseCidr(text);
    return cidr.family === family ? undefined : `${quoted} is not an IPv${family} CIDR block`;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A managed prefix list id: `pl-` and hex digits. */
export function prefixListIdProblem(id: string): string | undefined {
  return /^pl-[0-9a-f]+$/.test(id) ? undefined : `${JSON.stringify(id)} is not a prefix list id (pl-...)`;
}

/** A security group id: `sg-` and 8 or 17 hex digits. */
export function securityGroupIdProblem(id: string): string | undefined {
  return /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/.test(id)
    ? undefined
    : `${JSON.stringify(id)} is not a security group id (sg-...)`;
}
