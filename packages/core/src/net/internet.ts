/**
 * The `internet` peer of design.md section 5: every address outside the private and
 * link-local ranges below. A block overlaps the internet unless it lies entirely inside one
 * private range; it is contained in the internet only if it holds no private address.
 */
import { type Cidr, cidrContains, cidrOverlaps, parseCidr } from './cidr';

export const PRIVATE_RANGES: readonly string[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  'fc00::/7',
  'fe80::/10',
];

const PRIVATE: readonly Cidr[] = PRIVATE_RANGES.map(parseCidr);

/** True when the block holds at least one internet (non-private) address. */
export function overlapsInternet(cidr: Cidr): boolean {
  return !PRIVATE.some((range) => cidrContains(range, cidr));
}

/** True when every address of the block is an internet address. */
export function containedInInternet(cidr: Cidr): boolean {
  return !PRIVATE.some((range) => cidrOverlaps(range, cidr));
}
