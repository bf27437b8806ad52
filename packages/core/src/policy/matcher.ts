/**
 * A compiled matcher: traffic space and peer, parsed once per policy file. A deny matches a rule
 * when both OVERLAP it; an allow, a required permission or an exception covers a rule only when
 * both CONTAIN it.
 */
import type { Rule } from '../rules/types';
import {
  matcherPeer,
  type PeerSpace,
  peerContains,
  peerOverlaps,
  type RulePeerSpace,
  rulePeer,
} from './peer';
import { matcherTraffic, ruleTraffic, type TrafficSpace, trafficContains, trafficOverlaps } from './traffic';
import type { Matcher } from './types';

export interface CompiledMatcher {
  traffic: TrafficSpace;
  peer: PeerSpace;
}

/** A group's rule, compiled once per evaluation. It can also serve as a matcher (required permissions). */
export interface CompiledRule extends CompiledMatcher {
  peer: RulePeerSpace;
}

export function compileMatcher(matcher: Matcher): CompiledMatcher {
  return { traffic: matcherTraffic(matcher), peer: matcherPeer(matcher.peer) };
}

/** A rule as a space: for the group's rules, and for required permissions (which cover like an allow). */
export function compileRule(rule: Rule): CompiledRule {
  return { traffic: ruleTraffic(rule), peer: rulePeer(rule.peer) };
}

/** Deny semantics: protocol, ports and peer overlap the rule. */
export function matcherOverlaps(matcher: CompiledMatcher, rule: CompiledRule, selfId: string): boolean {
  return trafficOverlaps(matcher.traffic, rule.traffic) && peerOverlaps(matcher.peer, rule.peer, selfId);
}

/** Allow semantics: the rule is contained in the matcher. */
export function matcherCovers(matcher: CompiledMatcher, rule: CompiledRule, selfId: string): boolean {
  return trafficContains(matcher.traffic, rule.traffic) && peerContains(matcher.peer, rule.peer, selfId);
}
