/**
 * The strict half of reading `--group` and `--rules`: every field EC2 would refuse is an error, because read
 * leniently it gives a wrong verdict without a word (tcp 3389-22 matches no port and is
 * "compliant"; protocol "tcpp" matches no matcher; "10.0.0.0/33" matches no block). Runs on the
 * CLI's input only: the hub reads what EC2 itself returned and must not refuse any of it.
 */
import {
  childPath,
  cidrFieldProblem,
  type IpPermission,
  ipProtocolProblem,
  portsProblem,
  prefixListIdProblem,
  type SecurityGroupRule,
  securityGroupIdProblem,
} from '@guardrail/core';
import { InputFieldError } from './errors';
import type { GroupEntry, RuleSource } from './group-input';

type Check = (path: string, problem: string | undefined) => void;

/** `at('', 'IpRanges', 0, 'CidrIp')` is `IpRanges[0].CidrIp`. */
const at = (path: string, ...keys: (string | number)[]) => keys.reduce<string>(childPath, path);

function protocolAndPorts(
  rule: Pick<IpPermission, 'IpProtocol' | 'FromPort' | 'ToPort'>,
  path: string,
  check: Check,
): void {
  // The shape reader requires IpProtocol; the fallback only keeps the types honest.
  const protocol = rule.IpProtocol ?? '';
  check(at(path, 'IpProtocol'), ipProtocolProblem(protocol));
  const ports = portsProblem(protocol, rule.FromPort, rule.ToPort);
  if (ports) check(at(path, ports.field), ports.message);
}

function permission(p: IpPermission, path: string, check: Check): void {
  protocolAndPorts(p, path, check);
  // The shape reader requires each entry's CIDR or id; `?? ''` only keeps the types honest.
  for (const [i, range] of (p.IpRanges ?? []).entries()) {
    check(at(path, 'IpRanges', i, 'CidrIp'), cidrFieldProblem(range.CidrIp ?? '', 4));
  }
  for (const [i, range] of (p.Ipv6Ranges ?? []).entries()) {
    check(at(path, 'Ipv6Ranges', i, 'CidrIpv6'), cidrFieldProblem(range.CidrIpv6 ?? '', 6));
  }
  for (const [i, list] of (p.PrefixListIds ?? []).entries()) {
    check(at(path, 'PrefixListIds', i, 'PrefixListId'), prefixListIdProblem(list.PrefixListId ?? ''));
  }
  // UserId is not checked: EC2 writes "amazon-elb" there for the classic load balancers' group.
  for (const [i, pair] of (p.UserIdGroupPairs ?? []).entries()) {
    check(at(path, 'UserIdGroupPairs', i, 'GroupId'), securityGroupIdProblem(pair.GroupId ?? ''));
  }
}

const RULE_PEERS = ['CidrIpv4', 'CidrIpv6', 'PrefixListId', 'ReferencedGroupInfo'] as const;

function rule(r: SecurityGroupRule, path: string, check: Check): void {
  protocolAndPorts(r, path, check);
  // describe-security-group-rules gives each rule one peer; with two, the conversion would keep
  // the first and drop the other (an IPv6 ::/0 behind an IPv4 10.0.0.0/8) unseen.
  const peers = RULE_PEERS.filter((key) => r[key] !== undefined);
  if (peers.length > 1) check(path, `names ${peers.join(' and ')}: a rule has exactly one peer`);
  if (r.CidrIpv4 !== undefined) check(at(path, 'CidrIpv4'), cidrFieldProblem(r.CidrIpv4, 4));
  if (r.CidrIpv6 !== undefined) check(at(path, 'CidrIpv6'), cidrFieldProblem(r.CidrIpv6, 6));
  if (r.PrefixListId !== undefined) check(at(path, 'PrefixListId'), prefixListIdProblem(r.PrefixListId));
  const referenced = r.ReferencedGroupInfo?.GroupId;
  if (referenced !== undefined) {
    check(at(path, 'ReferencedGroupInfo', 'GroupId'), securityGroupIdProblem(referenced));
  }
}

function checker(file: string): Check {
  return (path, problem) => {
    if (problem !== undefined) throw new InputFieldError(file, path, problem);
  };
}

/** Throws InputFieldError on the first field of the group's permissions EC2 would refuse, in document order. */
export function checkPermissionFields({ group, file, path }: GroupEntry): void {
  const check = checker(file);
  for (const key of ['IpPermissions', 'IpPermissionsEgress'] as const) {
    for (const [i, p] of (group[key] ?? []).entries()) permission(p, at(path, key, i), check);
  }
}

/** Throws InputFieldError on the first field of the rules EC2 would refuse, in document order. */
export function checkRuleFields({ file, rules }: RuleSource): void {
  const check = checker(file);
  for (const { rule: r, path } of rules) rule(r, path, check);
}
