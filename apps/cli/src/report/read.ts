/**
 * What `guardrail report` reads, read-only: the caller's account (STS GetCallerIdentity), then in
 * each region every group carrying the opt-in tag with its rules (the hub's own gateway). A region
 * that cannot be read is a gap in the report with its reason, never a silent omission.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { type AwsOptions, classifyAwsError, createClients, SecurityGroupGateway } from '@guardrail/aws';
import {
  errorText,
  type PolicyFile,
  type PostureGap,
  type PostureGroup,
  planGroup,
  postureGroup,
  type TagKeys,
} from '@guardrail/core';

export interface ReadPostureInput {
  regions: readonly string[];
  policies: PolicyFile;
  tagKeys: TagKeys;
  aws: AwsOptions;
  now: Date;
}

export async function readPosture(input: ReadPostureInput): Promise<{
  account: string;
  groups: PostureGroup[];
  unreadable: PostureGap[];
  read: { account: string; region: string }[];
}> {
  const clients = createClients({ ...input.aws, region: input.regions[0] ?? input.aws.region });
  try {
    const identity = await clients.sts().send(new GetCallerIdentityCommand({}));
    const account = identity.Account ?? 'unknown';
    const perRegion = await Promise.all(
      input.regions.map((region) => readRegion(input, clients, account, region)),
    );
    return {
      account,
      groups: perRegion.flatMap((r) => r.groups),
      unreadable: perRegion.flatMap((r) => r.unreadable),
      read: perRegion.flatMap((r, i) =>
        r.unreadable.length > 0 ? [] : [{ account, region: input.regions[i] as string }],
      ),
    };
  } finally {
    clients.sts().destroy();
  }
}

async function readRegion(
  input: ReadPostureInput,
  clients: ReturnType<typeof createClients>,
  account: string,
  region: string,
): Promise<{ groups: PostureGroup[]; unreadable: PostureGap[] }> {
  const ec2 = clients.ec2(region);
  try {
    const listed = await new SecurityGroupGateway(ec2).listOptedInGroups(input.tagKeys.policy);
    const groups = listed.map((group) =>
      postureGroup(
        group,
        planGroup({ group, policies: input.policies, now: input.now, account, tagKeys: input.tagKeys }),
        { account, region },
      ),
    );
    return { groups, unreadable: [] };
  } catch (error) {
    const { code } = classifyAwsError(
      error instanceof Error && error.cause !== undefined ? error.cause : error,
    );
    return { groups: [], unreadable: [{ account, region, code, reason: errorText(error) }] };
  } finally {
    ec2.destroy();
  }
}
