/**
 * The organization's posture once the stories are told, read exactly as `guardrail report --org
 * --org-role-arn <the hub's org-read role> --region <the demo's regions> --policies <the demo's
 * policies>` reads it: with the hub's own credentials, the accounts listed through the org-read
 * role, the remediation role assumed in each (session guardrail-report), every demo region. The
 * report's own readers do the reading; nothing is changed. An account that cannot be read (the
 * one without the role) is a gap in the posture, with its reason, as in the real report.
 */
import { DEFAULT_TAG_KEYS, GUARDRAIL_NAMES, loadPolicies, postureReport } from '@guardrail/core';
import { DEFAULT_REPORT_CONCURRENCY } from '../commands/report';
import { createProgress } from '../progress';
import { readPosture } from '../report/read';
import { organizationTargets, ReportSourceError } from '../report/targets';
import { DEMO_POLICIES, type DemoOrganization, PRIMARY_REGION, REGIONS } from './organization';
import type { DemoPosture } from './report';

/** The report command's defaults: the role it assumes in each account, the SourceIdentity it sets. */
const ROLE_NAME = GUARDRAIL_NAMES.remediationRole;
const SOURCE_IDENTITY = GUARDRAIL_NAMES.sourceIdentity;

/** `guardrail report --org`'s command line for the demo's organization (the policies as a file). */
export function reportCommandLine(posture: Pick<DemoPosture, 'orgRoleArn' | 'roleName'>): string {
  return [
    'guardrail report --org',
    `--org-role-arn ${posture.orgRoleArn}`,
    ...(posture.roleName === ROLE_NAME ? [] : [`--role-name ${posture.roleName}`]),
    `--region ${REGIONS.join(',')}`,
    '--policies <the demo policies>',
  ].join(' ');
}

/** The posture at `now` (the demo's clock); the sandbox must still be up. */
export async function readDemoPosture(org: DemoOrganization, now: Date): Promise<DemoPosture> {
  const how = { orgRoleArn: org.orgReadRoleArn, roleName: ROLE_NAME };
  // As `guardrail report` builds its SDK options: the base credentials (the hub's), the first region.
  const aws = { ...org.hub.hubAws(2), region: PRIMARY_REGION };
  try {
    const targets = await organizationTargets(aws, REGIONS, {
      roleName: ROLE_NAME,
      orgRoleArn: org.orgReadRoleArn,
      sourceIdentity: SOURCE_IDENTITY,
    });
    try {
      const read = await readPosture({
        targets,
        policies: loadPolicies({ text: DEMO_POLICIES }),
        tagKeys: DEFAULT_TAG_KEYS,
        now,
        concurrency: DEFAULT_REPORT_CONCURRENCY,
        progress: createProgress({ write: () => {}, tty: false, label: 'accounts x regions', quiet: true }),
      });
      return { ...how, report: postureReport({ ...read, generatedAt: now, source: { kind: 'live' } }) };
    } finally {
      targets.release();
    }
  } catch (error) {
    // The accounts could not even be listed: the demo says so; its stories still decide its exit.
    if (error instanceof ReportSourceError) return { ...how, error: error.message };
    throw error;
  }
}
