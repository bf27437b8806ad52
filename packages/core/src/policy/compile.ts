/**
 * A policy file compiled for evaluation: every matcher and required permission parsed once and
 * cached per PolicyFile object (the hub evaluates thousands of groups against one file, and
 * its budget is a few milliseconds per event).
 */
import { canonicalCidr } from '../net/cidr';
import { ruleKey, rulesFromIpPermission } from '../rules/convert';
import type { Direction, IpPermission, Rule } from '../rules/types';
import { type CompiledMatcher, compileMatcher, compileRule } from './matcher';
import type { Matcher, Policy, PolicyException, PolicyFile } from './types';

export interface CompiledRequired {
  /** `policies.<name>.<direction>.required[i]` */
  source: string;
  permission: IpPermission;
  /** Each range as a rule, with its identity (ruleKey, to find it missing) and its space. */
  rules: { rule: Rule; key: string; compiled: CompiledMatcher }[];
}

export interface CompiledEntry {
  source: string;
  matcher: Matcher;
  compiled: CompiledMatcher;
}

export interface CompiledDirection {
  required: CompiledRequired[];
  /** Undefined when the policy gives no `allow` (then everything not denied is fine). */
  allow?: CompiledEntry[];
  deny: CompiledEntry[];
}

export interface CompiledPolicy {
  name: string;
  policy: Policy;
  ingress: CompiledDirection;
  egress: CompiledDirection;
}

export interface CompiledException {
  source: string;
  exception: PolicyException;
  /** Milliseconds since the epoch; the exception applies while now < expiresAt. */
  expiresAt: number;
  compiled: CompiledMatcher;
}

export interface CompiledPolicyFile {
  policies: Map<string, CompiledPolicy>;
  exceptions: CompiledException[];
}

function entries(matchers: Matcher[], prefix: string): CompiledEntry[] {
  return matchers.map((matcher, i) => ({
    source: `${prefix}[${i}]`,
    matcher,
    compiled: compileMatcher(matcher),
  }));
}

/**
 * A required rule with its CIDR in canonical form (`10.0.0.1/8` -> `10.0.0.0/8`): the authorize
 * then sends what EC2 stores and a later read shows, and the message names the block it means.
 */
function canonicalRule(rule: Rule): Rule {
  const { peer } = rule;
  if (peer.kind !== 'ipv4' && peer.kind !== 'ipv6') return rule;
  return { ...rule, peer: { ...peer, cidr: canonicalCidr(peer.cidr) } };
}

function compileDirection(name: string, policy: Policy, direction: Direction): CompiledDirection {
  const spec = policy[direction];
  const prefix = `policies.${name}.${direction}`;
  const compiled: CompiledDirection = {
    required: spec.required.map((permission, i) => ({
      source: `${prefix}.required[${i}]`,
      permission,
      rules: rulesFromIpPermission(permission, direction)
        .map(canonicalRule)
        .map((rule) => ({ rule, key: ruleKey(rule), compiled: compileRule(rule) })),
    })),
    deny: entries(spec.deny, `${prefix}.deny`),
  };
  if (spec.allow !== undefined) compiled.allow = entries(spec.allow, `${prefix}.allow`);
  return compiled;
}

const cache = new WeakMap<PolicyFile, CompiledPolicyFile>();

export function compilePolicyFile(file: PolicyFile): CompiledPolicyFile {
  const cached = cache.get(file);
  if (cached) return cached;
  const policies = new Map<string, CompiledPolicy>();
  for (const [name, policy] of Object.entries(file.policies)) {
    policies.set(name, {
      name,
      policy,
      ingress: compileDirection(name, policy, 'ingress'),
      egress: compileDirection(name, policy, 'egress'),
    });
  }
  const exceptions = file.exceptions.map((exception, i) => ({
    source: `exceptions[${i}]`,
    exception,
    expiresAt: Date.parse(exception.expires),
    compiled: compileMatcher(exception.match),
  }));
  const compiled = { policies, exceptions };
  cache.set(file, compiled);
  return compiled;
}
