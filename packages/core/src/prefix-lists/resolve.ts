/**
 * What a rule's prefix list means to the planner, given the resolutions (types.ts):
 * - `cidrs`: a customer-managed list (or an internet-facing AWS-managed one, aws-managed.ts) that
 *   was read: the rule is judged as the rules from each CIDR it holds (plan/evaluate.ts);
 * - `reference`: any other AWS-managed list: only a matcher naming it (or `any`) matches it, as
 *   when no list is resolved;
 * - `unverifiable`: a list that could not be read, or that the caller did not resolve: judged as a
 *   reference, and reported (never passed in silence).
 */
import { cidrOrUndefined } from '../net/cidr';
import type { RulePeerSpace } from '../policy/peer';
import type { Rule } from '../rules/types';
import { isInternetFacingAwsList } from './aws-managed';
import type { PrefixListResolution, PrefixListResolutions } from './types';

/** The reason given for a list that a rule references and the resolutions lack. */
export const NOT_RESOLVED = 'not resolved: the caller did not read this list';

/** One CIDR of a list: its text as EC2 wrote it, and its block (undefined when it does not parse). */
export interface ListMember {
  cidr: string;
  peer: RulePeerSpace;
}

export type ListMeaning =
  | { kind: 'reference' }
  | { kind: 'cidrs'; id: string; members: readonly ListMember[] }
  | { kind: 'unverifiable'; id: string; reason: string };

const REFERENCE: ListMeaning = { kind: 'reference' };

/** Per resolution object: the reader hands out the same object until the list's version changes. */
const meanings = new WeakMap<PrefixListResolution, ListMeaning>();

function meaningOf(id: string, resolution: PrefixListResolution): ListMeaning {
  if ('unreadable' in resolution) return { kind: 'unverifiable', id, reason: resolution.reason };
  if (resolution.owner === 'aws' && !isInternetFacingAwsList(resolution.name)) return REFERENCE;
  const members = resolution.entries.map(
    (cidr): ListMember => ({ cidr, peer: { kind: 'cidr', cidr: cidrOrUndefined(cidr) } }),
  );
  return { kind: 'cidrs', id, members };
}

/** What the list `id` means, given the resolutions the planner was passed. */
export function listMeaning(id: string, lists: PrefixListResolutions): ListMeaning {
  const resolution = lists.get(id);
  if (resolution === undefined) return { kind: 'unverifiable', id, reason: NOT_RESOLVED };
  let meaning = meanings.get(resolution);
  if (meaning === undefined) {
    meaning = meaningOf(id, resolution);
    meanings.set(resolution, meaning);
  }
  return meaning;
}

/** The prefix list ids a group's rules reference, each once, in rule order: what a caller resolves. */
export function prefixListIdsOf(rules: readonly Rule[]): string[] {
  const ids = new Set<string>();
  for (const { peer } of rules) if (peer.kind === 'prefixList') ids.add(peer.prefixListId);
  return [...ids];
}
