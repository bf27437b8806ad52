/**
 * The zod schema of the policy file, version 1. It is the single source of truth: the loader
 * validates with it and the committed JSON Schema (for editors) is generated from it.
 * Unknown keys are rejected everywhere: a misspelt `deny` must not silently mean "no deny".
 */
import { z } from 'zod';
import { ACCOUNT_ID_PATTERN, OU_OR_ROOT_PATTERN } from '../contract/patterns';
import { parseCidr } from '../net/cidr';
import {
  cidrFieldProblem,
  portsProblem as ipPortsProblem,
  ipProtocolProblem,
  prefixListIdProblem,
} from '../rules/ec2-fields';
import { isIcmp, normalizeProtocol } from '../rules/protocol';
import type { IpPermission } from '../rules/types';
import { PORTS_PATTERN, splitPorts } from './ports';
import type { Matcher, PolicyException, PolicyFile } from './types';

/** A zod check from one of the EC2 field checks (rules/ec2-fields): its problem is the issue. */
function fieldCheck<T>(problemOf: (value: T) => string | undefined) {
  return (ctx: { value: T; issues: z.core.$ZodRawIssue[] }) => {
    const problem = problemOf(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value, continue: true });
  };
}

/** A matcher's `cidr`: either family. */
function cidrProblem(text: string): string | undefined {
  if (!text.includes('/')) return `"${text}" is not a CIDR block (expected address/prefix)`;
  try {
    parseCidr(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A CIDR: of `family` as an EC2 field checks it (required permissions), or a matcher's. */
function cidrText(family: 4 | 6 | undefined, what: string) {
  return z
    .string()
    .describe(what)
    .check(fieldCheck((text: string) => (family ? cidrFieldProblem(text, family) : cidrProblem(text))));
}

const groupId = z.string().regex(/^sg-[0-9a-f]{8,17}$/, 'expected a security group id (sg-...)');

const protocolSchema = z
  .union([z.enum(['tcp', 'udp', 'icmp', 'icmpv6', 'all']), z.number().int().min(-1).max(255)], {
    error: 'protocol must be tcp, udp, icmp, icmpv6, all, or an IP protocol number (-1 to 255)',
  })
  .describe('tcp, udp, icmp, icmpv6, all, or an IP protocol number (-1 = all)');

const PORTS_MESSAGE = 'ports must be a number, "from-to", or all';

const portsSchema = z
  .union([z.number().int(), z.literal('all'), z.string().regex(PORTS_PATTERN, PORTS_MESSAGE)], {
    error: PORTS_MESSAGE,
  })
  .describe('a port, "from-to", or all; for ICMP the type, or "type-code"');

const peerSchema = z
  .union(
    [
      z.enum(['internet', 'any']),
      z.strictObject({ cidr: cidrText(undefined, 'an IPv4 or IPv6 CIDR block') }),
      z.strictObject({
        prefixList: z.string().regex(/^pl-[0-9a-f]+$/, 'expected a prefix list id (pl-...)'),
      }),
      z.strictObject({ securityGroup: z.union([groupId, z.literal('self')]) }),
    ],
    { error: 'peer must be internet, any, { cidr }, { prefixList } or { securityGroup }' },
  )
  .meta({
    id: 'Peer',
    description: 'internet, any, { cidr }, { prefixList: pl-... } or { securityGroup: sg-... | self }',
  });

/** Checks that the ports make sense for the protocol (ICMP type/code, port ranges). */
function portsProblem(matcher: Matcher): string | undefined {
  const protocol = normalizeProtocol(matcher.protocol);
  const interval = splitPorts(matcher.ports);
  if (interval === undefined) return undefined;
  if (isIcmp(protocol)) {
    const inRange = (n: number) => n >= 0 && n <= 255;
    return inRange(interval.from) && inRange(interval.to)
      ? undefined
      : 'ICMP type and code must be 0 to 255 (ports: type or "type-code")';
  }
  if (protocol !== '-1' && protocol !== 'tcp' && protocol !== 'udp') {
    return `protocol ${protocol} has no ports: use ports: all`;
  }
  return interval.from >= 0 && interval.from <= interval.to && interval.to <= 65535
    ? undefined
    : 'ports must be 0 to 65535, from <= to';
}

export const matcherSchema = z
  .strictObject({ protocol: protocolSchema, ports: portsSchema, peer: peerSchema })
  .check((ctx) => {
    const problem = portsProblem(ctx.value);
    if (problem)
      ctx.issues.push({
        code: 'custom',
        message: problem,
        path: ['ports'],
        input: ctx.value.ports,
        continue: true,
      });
  })
  .meta({ id: 'Matcher', description: 'Traffic: protocol, ports and peer' });

const ipPermissionSchema = z
  .strictObject({
    IpProtocol: z
      .union([z.string(), z.number().int()])
      .check(fieldCheck(ipProtocolProblem))
      .transform((p) => normalizeProtocol(p)),
    FromPort: z.number().int().optional(),
    ToPort: z.number().int().optional(),
    IpRanges: z
      .array(
        z.strictObject({ CidrIp: cidrText(4, 'an IPv4 CIDR block'), Description: z.string().optional() }),
      )
      .optional(),
    Ipv6Ranges: z
      .array(
        z.strictObject({ CidrIpv6: cidrText(6, 'an IPv6 CIDR block'), Description: z.string().optional() }),
      )
      .optional(),
    PrefixListIds: z
      .array(
        z.strictObject({
          PrefixListId: z.string().check(fieldCheck(prefixListIdProblem)),
          Description: z.string().optional(),
        }),
      )
      .optional(),
    UserIdGroupPairs: z
      .array(
        z.strictObject({
          GroupId: groupId,
          UserId: z
            .string()
            .regex(/^\d{12}$/, 'expected a 12-digit account id')
            .optional(),
          VpcId: z.string().optional(),
          VpcPeeringConnectionId: z.string().optional(),
          Description: z.string().optional(),
        }),
      )
      .optional(),
  })
  .check((ctx) => {
    const problem = permissionProblem(ctx.value);
    if (problem)
      ctx.issues.push({ code: 'custom', message: problem.message, path: problem.path, input: ctx.value });
  })
  .meta({ id: 'IpPermission', description: 'An IpPermission exactly as the EC2 API writes it' });

function permissionProblem(p: IpPermission): { message: string; path: string[] } | undefined {
  const peers =
    (p.IpRanges?.length ?? 0) +
    (p.Ipv6Ranges?.length ?? 0) +
    (p.PrefixListIds?.length ?? 0) +
    (p.UserIdGroupPairs?.length ?? 0);
  if (peers === 0) {
    return {
      message: 'needs at least one of IpRanges, Ipv6Ranges, PrefixListIds, UserIdGroupPairs',
      path: [],
    };
  }
  const ports = ipPortsProblem(p.IpProtocol as string, p.FromPort, p.ToPort);
  return ports ? { message: ports.message, path: [ports.field] } : undefined;
}

const directionSchema = z
  .strictObject({
    required: z
      .array(ipPermissionSchema)
      .default([])
      .describe('REQUIRED_PERMISSIONS, re-authorized when missing'),
    allow: z
      .array(matcherSchema)
      .optional()
      .describe('When given (even empty), every rule not covered by allow or required is a violation'),
    deny: z.array(matcherSchema).default([]).describe('A rule that a deny matcher overlaps is a violation'),
  })
  .meta({ id: 'DirectionPolicy' })
  .prefault({});

/** A trusted principal pattern: an ARN, with IAM wildcards. */
function arnPatternProblem(pattern: string): string | undefined {
  return pattern.startsWith('arn:')
    ? undefined
    : `${JSON.stringify(pattern)} is not an ARN pattern (it must start with arn:)`;
}

export const LOCK_RULES_MESSAGE =
  "a lock policy takes its rules from the group's baseline; remove allow/required";

/**
 * A lock policy's rules are its groups' baselines: `required` or `allow` would say otherwise, so
 * they are refused rather than half-applied. `trustedPrincipals` means something only under a lock.
 */
function lockProblems(policy: {
  lock?: boolean;
  trustedPrincipals?: string[];
  ingress: { required: unknown[]; allow?: unknown[] };
  egress: { required: unknown[]; allow?: unknown[] };
}): { message: string; path: string[] }[] {
  if (policy.lock !== true) {
    return policy.trustedPrincipals === undefined
      ? []
      : [
          {
            message: 'trustedPrincipals is only allowed on a lock policy (lock: true)',
            path: ['trustedPrincipals'],
          },
        ];
  }
  const problems: { message: string; path: string[] }[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    if (policy[direction].required.length > 0)
      problems.push({ message: LOCK_RULES_MESSAGE, path: [direction, 'required'] });
    if (policy[direction].allow !== undefined)
      problems.push({ message: LOCK_RULES_MESSAGE, path: [direction, 'allow'] });
  }
  return problems;
}

const policyName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:/=+@-]{0,127}$/, 'policy names are 1-128 letters, digits and _.:/=+@-');

const accountSchema = z
  .string({ error: 'account must be a quoted 12-digit account id, e.g. "111122223333"' })
  .regex(ACCOUNT_ID_PATTERN, 'account must be a quoted 12-digit account id, e.g. "111122223333"');

const scopeSchema = z
  .strictObject({
    accounts: z.array(accountSchema).default([]).describe('Accounts (12 digits, quoted)'),
    organizationalUnits: z
      .array(z.string().regex(OU_OR_ROOT_PATTERN, 'organizational units are ou-... or r-... ids'))
      .default([])
      .describe('OUs (ou-...) or roots (r-...): every account under them, at any depth'),
  })
  .meta({ id: 'PolicyScope' });

export const policySchema = z
  .strictObject({
    description: z.string().optional(),
    mode: z
      .enum(['enforce', 'audit'])
      .default('enforce')
      .describe('enforce: remediate and alert; audit: alert only'),
    modeOverride: z
      .boolean()
      .default(false)
      .describe('May the guardrail:mode tag change the mode of a group'),
    ingress: directionSchema,
    egress: directionSchema,
    scope: scopeSchema
      .optional()
      .describe(
        'Where the hub may itself open a group to the internet: authorize a required rule with an internet peer that the group did not have (first reconcile after an opt-in, sweep drift). Elsewhere such a rule is reported, never authorized: a tag alone never opens a group. Restoring a required rule a change just removed is not limited.',
      ),
    optOut: z
      .enum(['alert', 'restore'])
      .optional()
      .describe(
        'When a group the hub enforced this policy on leaves it (opt-in tag removed or changed, mode tag set to audit): alert (the default) tells it, high or critical; restore also puts the tags back and goes on enforcing this policy, and says so. restore needs the member role to tag groups (granted at synth only when some policy uses it).',
      ),
    lock: z
      .boolean()
      .optional()
      .describe(
        'A lock policy: the group keeps the rules of its baseline (captured when it is opted in); any other change is reverted, both ways. No required or allow; deny is allowed (a baseline never keeps a denied rule). Default false.',
      ),
    trustedPrincipals: z
      .array(
        z
          .string()
          .check(fieldCheck(arnPatternProblem))
          .meta({ pattern: '^arn:', description: 'An ARN pattern: arn:aws:iam::*:role/deployer-*' }),
      )
      .optional()
      .describe(
        'Only with lock: true. ARN patterns (IAM wildcards: * any run of characters, ? one character; case-sensitive) whose rule and tag changes update the baseline instead of being reverted, matched against the caller ARN and the role ARN of an assumed role.',
      ),
  })
  .check((ctx) => {
    for (const problem of lockProblems(ctx.value)) {
      ctx.issues.push({ code: 'custom', ...problem, input: ctx.value, continue: true });
    }
  })
  .meta({ id: 'Policy' });

export const exceptionSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/, {
        error:
          'id must be 1-128 letters, digits and . _ : / - (a ticket number, say), starting with a letter or digit',
      })
      .optional()
      .describe(
        'A name plans and reports show for the exception (a ticket number, say); without it, its place in the file: exceptions[2]',
      ),
    account: accountSchema,
    groupId: groupId.optional(),
    direction: z.enum(['ingress', 'egress']),
    match: matcherSchema,
    expires: z
      .union([z.iso.datetime({ offset: true }), z.iso.date()], {
        error: 'expires must be an ISO 8601 date or date-time, e.g. 2026-12-31T00:00:00Z',
      })
      .describe('The exception applies strictly before this instant'),
    reason: z.string().min(1, 'reason must say why'),
  })
  .meta({ id: 'Exception' });

export const policyFileSchema = z
  .strictObject(
    {
      version: z.literal(1, { error: 'version must be 1' }),
      policies: z.record(policyName, policySchema).default({}),
      exceptions: z.array(exceptionSchema).default([]),
    },
    {
      error: (issue) =>
        issue.code === 'invalid_type' ? 'expected a mapping with version: 1 and policies' : undefined,
    },
  )
  .describe('Guardrail policy file, version 1');

// What the schema outputs must be a valid PolicyFile (checked at compile time).
type Fits<A, B> = [A] extends [B] ? true : false;
const schemaFitsTypes: Fits<z.output<typeof policyFileSchema>, PolicyFile> = true;
const exceptionFitsType: Fits<z.output<typeof exceptionSchema>, PolicyException> = true;
void schemaFitsTypes;
void exceptionFitsType;
