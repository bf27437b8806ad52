/**
 * The policies Guardrail ships (design.md section 5), as code: the hub's Lambda bundle reads
 * no files. examples/policies.yaml writes the same policies out as a commented user file, and
 * a test checks the two agree.
 */
import type { Matcher, Policy, PolicyFile } from './types';

/**
 * Admin and database ports that must never be open to the internet, on the protocols they listen
 * on: TCP for all of them, and UDP where the service also listens there (RDP's UDP transport on
 * 3389, and the SQL Server Browser on 1434, which tells the world where MSSQL instances listen).
 */
export const ADMIN_PORTS: readonly { protocol: 'tcp' | 'udp'; ports: number | string; service: string }[] = [
  { protocol: 'tcp', ports: 22, service: 'SSH' },
  { protocol: 'tcp', ports: 23, service: 'Telnet' },
  { protocol: 'tcp', ports: 3389, service: 'RDP' },
  { protocol: 'tcp', ports: 5900, service: 'VNC' },
  { protocol: 'tcp', ports: '5985-5986', service: 'WinRM' },
  { protocol: 'tcp', ports: 1433, service: 'MSSQL' },
  { protocol: 'tcp', ports: 1521, service: 'Oracle' },
  { protocol: 'tcp', ports: 3306, service: 'MySQL' },
  { protocol: 'tcp', ports: 5432, service: 'PostgreSQL' },
  { protocol: 'tcp', ports: 6379, service: 'Redis' },
  { protocol: 'tcp', ports: 9200, service: 'Elasticsearch' },
  { protocol: 'tcp', ports: 27017, service: 'MongoDB' },
  { protocol: 'udp', ports: 3389, service: 'RDP (UDP transport)' },
  { protocol: 'udp', ports: 1434, service: 'SQL Server Browser' },
];

/** One deny matcher per admin port, from the internet. Overlap semantics also catch any rule spanning one. */
export const ADMIN_PORT_MATCHERS: readonly Matcher[] = ADMIN_PORTS.map(({ protocol, ports }) => ({
  protocol,
  ports,
  peer: 'internet',
}));

const noPublicAdminPorts: Policy = {
  description: 'No admin or database port open to the internet',
  mode: 'enforce',
  modeOverride: false,
  ingress: { required: [], deny: [...ADMIN_PORT_MATCHERS] },
  egress: { required: [], deny: [] },
};

const webPublic: Policy = {
  description: 'A public web server: TCP 80 and 443 from anywhere, nothing else from the internet',
  mode: 'enforce',
  modeOverride: false,
  ingress: {
    required: [
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
    ],
    deny: [{ protocol: 'all', ports: 'all', peer: 'internet' }],
  },
  egress: { required: [], deny: [] },
};

export const SHIPPED_POLICY_NAMES = ['no-public-admin-ports', 'web-public'] as const;

export const SHIPPED_POLICIES: PolicyFile = {
  version: 1,
  policies: { 'no-public-admin-ports': noPublicAdminPorts, 'web-public': webPublic },
  exceptions: [],
};

/** The shipped policies plus the user's; a user's policy of the same name replaces the shipped one. */
export function withShippedPolicies(user: PolicyFile): PolicyFile {
  return {
    version: 1,
    policies: { ...SHIPPED_POLICIES.policies, ...user.policies },
    exceptions: [...SHIPPED_POLICIES.exceptions, ...user.exceptions],
  };
}
