/**
 * The peer half of matching. CIDRs are parsed once, when a matcher or a rule is compiled.
 * Prefix lists and security-group references are never `internet` and never a CIDR: they match
 * only the same prefix list or group (`self` = the group being evaluated), and `any`. A rule from
 * a customer-managed prefix list the planner was given the content of is judged, besides, as the
 * rules from each CIDR the list holds (plan/prepare.ts, plan/evaluate.ts): each such CIDR is a
 * `cidr` peer here, so `internet`, `cidr` and `any` matchers see what the list holds.
 */
import { type Cidr, cidrContains, cidrOrUndefined, cidrOverlaps, parseCidr } from '../net/cidr';
import { containedInInternet, overlapsInternet } from '../net/internet';
import type { Peer } from '../rules/types';
import type { MatcherPeer } from './types';

export type PeerSpace =
  | { kind: 'any' }
  | { kind: 'internet' }
  /** `cidr` undefined: a rule CIDR that does not parse; treated as possibly anything (see below). */
  | { kind: 'cidr'; cidr: Cidr | undefined }
  | { kind: 'prefixList'; id: string }
  | { kind: 'securityGroup'; id: string }
  | { kind: 'self' };

export function matcherPeer(peer: MatcherPeer): PeerSpace {
  if (peer === 'any' || peer === 'internet') return { kind: peer };
  if ('cidr' in peer) return { kind: 'cidr', cidr: parseCidr(peer.cidr) };
  if ('prefixList' in peer) return { kind: 'prefixList', id: peer.prefixList };
  return peer.securityGroup === 'self' ? { kind: 'self' } : { kind: 'securityGroup', id: peer.securityGroup };
}

/** The peer of a rule (group state or a required permission); its CIDR parsed once per text (memoized). */
export function rulePeer(peer: Peer): RulePeerSpace {
  switch (peer.kind) {
    case 'ipv4':
    case 'ipv6':
      return { kind: 'cidr', cidr: cidrOrUndefined(peer.cidr) };
    case 'prefixList':
      return { kind: 'prefixList', id: peer.prefixListId };
    case 'securityGroup':
      return { kind: 'securityGroup', id: peer.groupId };
  }
}

/** What a rule's peer can be: an address block or a reference, never `any`, `internet` or `self`. */
export type RulePeerSpace = Extract<PeerSpace, { kind: 'cidr' | 'prefixList' | 'securityGroup' }>;
type ReferencePeer = Exclude<RulePeerSpace, { kind: 'cidr' }>;

/** Prefix lists and group references match only the same reference (`self`: the evaluated group). */
function samePeerReference(matcher: PeerSpace, rule: ReferencePeer, selfId: string): boolean {
  if (rule.kind === 'prefixList') return matcher.kind === 'prefixList' && matcher.id === rule.id;
  if (matcher.kind === 'self') return rule.id === selfId;
  return matcher.kind === 'securityGroup' && matcher.id === rule.id;
}

/**
 * Does the matcher's peer share an address (or the reference) with the rule's? A rule CIDR we
 * cannot parse overlaps every address peer: a deny must fail safe.
 */
export function peerOverlaps(matcher: PeerSpace, rule: RulePeerSpace, selfId: string): boolean {
  if (matcher.kind === 'any') return true;
  if (rule.kind !== 'cidr') return samePeerReference(matcher, rule, selfId);
  if (matcher.kind === 'internet') return rule.cidr === undefined || overlapsInternet(rule.cidr);
  if (matcher.kind !== 'cidr' || matcher.cidr === undefined) return false;
  return rule.cidr === undefined || cidrOverlaps(matcher.cidr, rule.cidr);
}

/** Is every address of the rule's peer in the matcher's? An unparsable rule CIDR is in none but `any`. */
export function peerContains(matcher: PeerSpace, rule: RulePeerSpace, selfId: string): boolean {
  if (matcher.kind === 'any') return true;
  if (rule.kind !== 'cidr') return samePeerReference(matcher, rule, selfId);
  if (rule.cidr === undefined) return false;
  if (matcher.kind === 'internet') return containedInInternet(rule.cidr);
  if (matcher.kind !== 'cidr') return false;
  return matcher.cidr !== undefined && cidrContains(matcher.cidr, rule.cidr);
}
