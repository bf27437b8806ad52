/** Rule builders: a security-group rule in one line. */
import type { Rule } from '@guardrail/core';

/** A tcp rule on one port from an IPv4 CIDR (default the whole internet), ingress unless `extra` says otherwise. */
export function tcp(port: number, cidr = '0.0.0.0/0', extra: Partial<Rule> = {}): Rule {
  return {
    direction: 'ingress',
    protocol: 'tcp',
    fromPort: port,
    toPort: port,
    peer: { kind: 'ipv4', cidr },
    ...extra,
  };
}
