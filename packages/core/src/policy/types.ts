/**
 * The policy file, version 1 (design.md section 5), as Guardrail holds it after validation and
 * defaults. This is a user-facing format: keep it stable; a new shape is a new version.
 */
import type { Direction, IpPermission } from '../rules/types';

export type PolicyMode = 'enforce' | 'audit';

/** `tcp`, `udp`, `icmp`, `icmpv6`, `all`, or an IP protocol number (`-1` = all). */
export type MatcherProtocol = 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'all' | number;

/** A port, `"from-to"`, or `all`; for ICMP the type or `"type-code"`. */
export type MatcherPorts = number | string;

export type MatcherPeer =
  | 'internet'
  | 'any'
  | { cidr: string }
  | { prefixList: string }
  | { securityGroup: string /* sg-... or 'self' */ };

export interface Matcher {
  protocol: MatcherProtocol;
  ports: MatcherPorts;
  peer: MatcherPeer;
}

export interface DirectionPolicy {
  /** REQUIRED_PERMISSIONS: present in the group, re-authorized when missing. */
  required: IpPermission[];
  /** When given (even empty), every rule not covered by `allow` or `required` is a violation. */
  allow?: Matcher[];
  deny: Matcher[];
}

export interface Policy {
  description?: string;
  mode: PolicyMode;
  /** May the mode tag of a group change its mode. */
  modeOverride: boolean;
  ingress: DirectionPolicy;
  egress: DirectionPolicy;
  /**
   * Where the hub may itself open a group to the internet (authorize a required internet rule the
   * group did not have). Absent: nowhere; such rules are reported, not authorized.
   */
  scope?: PolicyScope;
  /**
   * What the hub does when a group leaves this policy (opt-in tag removed or changed, audit mode
   * tag): `alert` (absent: the default) tells it; `restore` also puts the tags back and goes on
   * enforcing this policy (only for a group the hub enforced it on).
   */
  optOut?: OptOutResponse;
  /**
   * A lock policy (docs/policies.md, "Lock policies"): the group keeps the rules of its baseline,
   * kept by the hub; `required` and `allow` are not allowed, `deny` is (a baseline never keeps a
   * denied rule). Absent: false.
   */
  lock?: boolean;
  /**
   * Only with `lock: true`: ARN patterns (IAM wildcards `*` and `?`, case-sensitive) whose rule and
   * tag changes update the baseline instead of being reverted.
   */
  trustedPrincipals?: string[];
}

export type OptOutResponse = 'alert' | 'restore';

export interface PolicyScope {
  accounts: string[];
  /** OU or root ids: every account under them, at any depth. */
  organizationalUnits: string[];
}

export interface PolicyException {
  /** Optional: a name plans and reports show (a ticket number, say); else its place in the file. */
  id?: string;
  /** The account (12 digits) the exception applies to. */
  account: string;
  /** Optional: without it, every group of the account. */
  groupId?: string;
  direction: Direction;
  match: Matcher;
  /** ISO 8601 instant; the exception applies strictly before it. */
  expires: string;
  reason: string;
}

export interface PolicyFile {
  version: 1;
  policies: Record<string, Policy>;
  exceptions: PolicyException[];
}
