/**
 * The report tests' shared world: the demo organization (hub, prod and staging with the
 * remediation role, sandbox-dev and the hub account without it), a few opted-in groups, and
 * `guardrail report` run in-process through the real SDK clients against it.
 */
import type { AwsOverrides } from '@guardrail/engine';
import { type ReportOptions, runReport } from '../src/commands/report';
import { ACCOUNTS, PRIMARY_REGION, SECONDARY_REGION, SSH_WORLD, TAG_POLICY } from '../src/demo/organization';
import { CliCommandFailed } from '../src/io';
import { capture, testOrganization } from './support/org';

export const BOTH_REGIONS = `${PRIMARY_REGION},${SECONDARY_REGION}`;

/** The organization, with violating and compliant groups in prod and a compliant one in staging. */
export function orgWorld(seed: number) {
  const { org } = testOrganization(seed);
  const opted = { [TAG_POLICY]: 'no-public-admin-ports' };
  const db = org.seedGroup({
    account: 'prod',
    region: PRIMARY_REGION,
    name: 'db',
    tags: opted,
    ingress: [SSH_WORLD],
  });
  const web = org.seedGroup({ account: 'prod', region: PRIMARY_REGION, name: 'web', tags: opted });
  const api = org.seedGroup({ account: 'staging', region: SECONDARY_REGION, name: 'api', tags: opted });
  // The hub's own credentials (the remediation role trusts exactly the hub role), two attempts a call.
  const aws: AwsOverrides = org.hub.hubAws(2);
  return { org, aws, db, web, api, orgReadRoleArn: org.orgReadRoleArn };
}

/** `guardrail report` as `run` calls it, with the sandbox's clients; its exit status (0, or 1 when not all compliant). */
export async function report(
  aws: AwsOverrides,
  options: Partial<ReportOptions>,
  deps: { stderrIsTTY?: boolean } = {},
) {
  const { io, out } = capture();
  try {
    await runReport({ region: PRIMARY_REGION, format: 'text', ...options }, { io, aws, ...deps });
    return { code: 0, out };
  } catch (error) {
    if (error instanceof CliCommandFailed) return { code: 1, out };
    throw error;
  }
}

/** The organization-wide report over both regions, as JSON. */
export async function orgReport(w: ReturnType<typeof orgWorld>, options: Partial<ReportOptions> = {}) {
  const result = await report(w.aws, {
    org: true,
    orgRoleArn: w.orgReadRoleArn,
    region: BOTH_REGIONS,
    format: 'json',
    quiet: true,
    ...options,
  });
  return { ...result, json: result.out.stdout === '' ? undefined : JSON.parse(result.out.stdout) };
}

export { ACCOUNTS };
