/**
 * Matcher ports in the policy file: a number, `"from-to"`, or `all`. For ICMP the same text
 * means the type, or `"type-code"`. Shared by validation and by the matcher compiler so that
 * what validates is exactly what compiles.
 */

export interface PortInterval {
  from: number;
  to: number;
}

/** `"22"` or `"5985-5986"` (a quoted number is accepted as the number). */
export const PORTS_PATTERN = /^\d{1,5}(-\d{1,5})?$/;

/** The two numbers of a ports value (`to` equals `from` for a single number); undefined for `all`. */
export function splitPorts(ports: number | string): PortInterval | undefined {
  if (ports === 'all') return undefined;
  if (typeof ports === 'number') return { from: ports, to: ports };
  const [from, to = from] = ports.split('-').map(Number);
  return { from: from!, to: to! };
}
