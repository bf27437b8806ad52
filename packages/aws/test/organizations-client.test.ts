/**
 * createOrganizationsClient, the hub's one way to Organizations (its AccountDirectory and the
 * sweep's listing both use it), through the real SDK clients on the sandbox.
 */
import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import {
  AssumeRoleError,
  type ClientPlugin,
  classifyAwsError,
  createClients,
  createOrganizationsClient,
  DEFAULT_SOURCE_IDENTITY,
  listActiveAccounts,
  ORG_READ_SESSION_NAME,
} from '../src';
import { callsTo, createOrg, MEMBER, memberTrust, type Org, organizationsReader } from './fixture';

/** Records the input of every AssumeRole the clients make (the plugin reaches the STS client too). */
function recordAssumeRole(): { plugin: ClientPlugin; inputs: Record<string, unknown>[] } {
  const inputs: Record<string, unknown>[] = [];
  const plugin: ClientPlugin = {
    applyToStack(stack) {
      stack.add(
        (next) => async (args) => {
          const input = args.input as Record<string, unknown>;
          if (typeof input.RoleArn === 'string') inputs.push({ ...input });
          return next(args);
        },
        { step: 'initialize', name: 'recordAssumeRole' },
      );
    },
  };
  return { plugin, inputs };
}

const management = (org: Org) => org.sb.organization.managementAccountId;

describe('createOrganizationsClient', () => {
  it('reads through the read role, in a session named guardrail-org-read with the SourceIdentity', async () => {
    const org = createOrg();
    const recorder = recordAssumeRole();
    const client = organizationsReader(org, { plugins: [...(org.aws.plugins ?? []), recorder.plugin] });

    const accounts = await listActiveAccounts(client);

    expect(accounts.map((a) => a.id)).toContain(MEMBER);
    expect(recorder.inputs).toEqual([
      expect.objectContaining({
        RoleArn: org.orgReadRoleArn,
        RoleSessionName: ORG_READ_SESSION_NAME,
        SourceIdentity: DEFAULT_SOURCE_IDENTITY,
      }),
    ]);
    expect(ORG_READ_SESSION_NAME).toBe('guardrail-org-read');
    expect(DEFAULT_SOURCE_IDENTITY).toBe('guardrail');
    expect(callsTo(org.sb, 'ListAccounts')[0]?.principalArn).toBe(
      `arn:aws:sts::${management(org)}:assumed-role/guardrail-org-read/${ORG_READ_SESSION_NAME}`,
    );
  });

  it('carries the configured SourceIdentity, and assumes the role once for many calls', async () => {
    const org = createOrg();
    const recorder = recordAssumeRole();
    const client = organizationsReader(org, {
      plugins: [...(org.aws.plugins ?? []), recorder.plugin],
      sourceIdentity: 'guardrail-eu',
    });

    await Promise.all([listActiveAccounts(client), client.send(new DescribeOrganizationCommand({}))]);
    await listActiveAccounts(client);

    expect(recorder.inputs).toHaveLength(1);
    expect(recorder.inputs[0]).toMatchObject({ SourceIdentity: 'guardrail-eu' });
    expect(callsTo(org.sb, 'AssumeRole')).toHaveLength(1);
  });

  it('always asks for a SourceIdentity: a read role whose trust lacks sts:SetSourceIdentity refuses it', async () => {
    const org = createOrg();
    org.sb.iam.deleteRole(management(org), 'guardrail-org-read');
    org.sb.iam.createRole(management(org), {
      roleName: 'guardrail-org-read',
      assumeRolePolicyDocument: memberTrust(org.hubRoleArn, ['sts:AssumeRole']),
    });
    const client = createOrganizationsClient({ ...org.aws, readRoleArn: org.orgReadRoleArn });

    const error = await client.send(new DescribeOrganizationCommand({})).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AssumeRoleError);
    expect(error).toMatchObject({ account: management(org), roleArn: org.orgReadRoleArn });
    expect(classifyAwsError(error)).toMatchObject({ kind: 'access-denied', code: 'AccessDenied' });
    expect(callsTo(org.sb, 'DescribeOrganization')).toHaveLength(0);
  });

  it('calls as the hub itself without a read role, as createClients().organizations() does', async () => {
    const org = createOrg();
    for (const client of [createOrganizationsClient(org.aws), createClients(org.aws).organizations()]) {
      const error = await client.send(new DescribeOrganizationCommand({})).catch((e: unknown) => e);
      expect(classifyAwsError(error)).toMatchObject({ kind: 'access-denied' });
    }
    const calls = callsTo(org.sb, 'DescribeOrganization');
    expect(calls).toHaveLength(2);
    for (const call of calls) expect(call.principalArn).toMatch(/:assumed-role\/guardrail-hub\//);
    expect(callsTo(org.sb, 'AssumeRole')).toHaveLength(0);
  });

  it('refuses a read role that is not an IAM role ARN', () => {
    const org = createOrg();
    expect(() =>
      createOrganizationsClient({ ...org.aws, readRoleArn: 'arn:aws:iam::999999999999:user/reader' }),
    ).toThrow(new RangeError('not an IAM role ARN: arn:aws:iam::999999999999:user/reader'));
  });
});
