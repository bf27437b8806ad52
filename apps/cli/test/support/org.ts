/**
 * The CLI tests' shared world: a captured CliIo, and the demo organization's sandbox with the hub
 * queue, the hub's AWS overrides and environment, and the drift most tests start from (SSH opened
 * to the world on an opted-in group).
 */
import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import type { HubEnvironment } from '@guardrail/core';
import type { AwsOverrides } from '@guardrail/engine';
import { hubEnvironment } from '@guardrail/testkit';
import { DemoClock } from '../../src/demo/clock';
import {
  createDemoOrganization,
  type DemoOrganization,
  PRIMARY_REGION,
  SSH_WORLD,
  TAG_POLICY,
} from '../../src/demo/organization';
import type { CliIo } from '../../src/io';

/** When the tests' clocks start, and what their io says "now" is. */
export const TEST_START = '2025-06-02T09:00:00Z';

/** A CliIo that keeps what the command writes, for the test to read. */
export function capture(options: { color?: boolean; now?: string } = {}) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    color: options.color ?? false,
    now: () => new Date(options.now ?? TEST_START),
  };
  return { io, out };
}

export interface TestOrganization {
  clock: DemoClock;
  org: DemoOrganization;
  /** The hub queue, in the hub account. */
  queueUrl: string;
  /** The hub's AWS client overrides: the sandbox, as the hub role. */
  aws: AwsOverrides;
  /** The hub's environment, as the CLI reads it. */
  env: HubEnvironment;
}

/** The demo organization on a fresh sandbox (seeded by `seed`), its clock at `start`. */
export function testOrganization(seed: number, start = TEST_START): TestOrganization {
  const clock = new DemoClock(new Date(start));
  const org = createDemoOrganization(seed, clock, { queue: true });
  const queueUrl = org.hub.queueUrl!;
  const aws = org.hub.hubAws(2);
  const env = hubEnvironment(org.hub);
  return { clock, org, queueUrl, aws, env };
}

/** Alice opens SSH to the world on a new opted-in group "web" in prod; returns the group's id. */
export async function openSshOnWebGroup(org: DemoOrganization): Promise<string> {
  const groupId = org.seedGroup({
    account: 'prod',
    region: PRIMARY_REGION,
    name: 'web',
    tags: { [TAG_POLICY]: 'no-public-admin-ports' },
  });
  await org.people.alice
    .ec2(PRIMARY_REGION)
    .send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [SSH_WORLD] }));
  return groupId;
}
