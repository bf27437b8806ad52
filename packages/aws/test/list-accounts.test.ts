import {
  ListAccountsForParentCommand,
  ListChildrenCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AwsOperationError, classifyAwsError, createClients, listActiveAccounts } from '../src';
import {
  callsTo,
  createOrg,
  HUB_ACCOUNT,
  MEMBER,
  type Org,
  OTHER_MEMBER,
  organizationsReader,
} from './fixture';

describe('listActiveAccounts over the whole organization (ListAccounts)', () => {
  let org: Org;
  let organizations: OrganizationsClient;

  beforeEach(() => {
    org = createOrg();
    organizations = organizationsReader(org);
  });

  it('lists the ACTIVE members only, with their names, sorted by id', async () => {
    org.sb.addAccount({ id: '444444444444', name: 'old-sandbox', status: 'SUSPENDED' });
    org.sb.addAccount({ id: '555555555555', name: 'someone-else', inOrganization: false });

    const accounts = await listActiveAccounts(organizations);

    const ids = accounts.map((a) => a.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(expect.arrayContaining([HUB_ACCOUNT, MEMBER, OTHER_MEMBER]));
    expect(ids).not.toContain('444444444444');
    expect(ids).not.toContain('555555555555');
    expect(accounts.find((a) => a.id === MEMBER)).toEqual({ id: MEMBER, name: 'member-1' });
  });

  it('leaves the management account out when asked (no StackSet instance there)', async () => {
    const management = org.sb.organization.managementAccountId;
    const all = await listActiveAccounts(organizations);
    const members = await listActiveAccounts(organizations, { excludeManagementAccount: true });
    expect(all.map((a) => a.id)).toContain(management);
    expect(members.map((a) => a.id)).toEqual(all.map((a) => a.id).filter((id) => id !== management));
  });

  it('follows the pagination past one page of 20', async () => {
    const extra = Array.from({ length: 45 }, (_, i) => String(600000000000 + i));
    for (const id of extra) org.sb.addAccount({ id, name: `acct-${id}` });

    const accounts = await listActiveAccounts(organizations);

    expect(accounts.map((a) => a.id)).toEqual(expect.arrayContaining(extra));
    expect(callsTo(org.sb, 'ListAccounts').length).toBeGreaterThanOrEqual(3);
  });

  it('walks OUs on the sandbox: nested OUs included, a suspended account and other OUs left out', async () => {
    const o = org.sb.organization;
    const workloads = o.createOrganizationalUnit(o.rootId, 'workloads');
    const prod = o.createOrganizationalUnit(workloads, 'prod');
    const other = o.createOrganizationalUnit(o.rootId, 'other');
    o.moveAccount(MEMBER, prod);
    o.moveAccount(OTHER_MEMBER, other);
    org.sb.addAccount({ id: '444444444444', name: 'old', status: 'SUSPENDED', ouId: workloads });
    for (let i = 0; i < 21; i++)
      org.sb.addAccount({ id: String(610000000000 + i), name: `w-${i}`, ouId: workloads });

    const accounts = await listActiveAccounts(organizations, { ouIds: [workloads] });

    const ids = accounts.map((a) => a.id);
    expect(ids).toHaveLength(22);
    expect(ids).toContain(MEMBER);
    expect(ids).not.toContain(OTHER_MEMBER);
    expect(ids).not.toContain('444444444444');
    expect(callsTo(org.sb, 'ListAccounts')).toHaveLength(0);
  });

  it('throws AwsOperationError classified as access-denied when the caller may not read the organization', async () => {
    const fromHub = createClients(org.aws).organizations();
    const error = await listActiveAccounts(fromHub).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsOperationError);
    expect(classifyAwsError(error)).toMatchObject({ kind: 'access-denied' });
  });
});

describe('listActiveAccounts restricted to OUs (ListChildren + ListAccountsForParent)', () => {
  /** A tiny OU tree answered by a stand-in for the client's `send`: a failure in the middle of the walk, and paging. */
  const tree: Record<string, { ous: string[]; accounts: { Id: string; Name: string; State: string }[] }> = {
    'ou-a': {
      ous: ['ou-a1'],
      accounts: [
        { Id: '100000000001', Name: 'a-prod', State: 'ACTIVE' },
        { Id: '100000000002', Name: 'a-old', State: 'SUSPENDED' },
      ],
    },
    'ou-a1': { ous: [], accounts: [{ Id: '100000000003', Name: 'a1-dev', State: 'ACTIVE' }] },
    'ou-b': {
      ous: [],
      accounts: Array.from({ length: 25 }, (_, i) => ({
        Id: String(200000000000 + i),
        Name: `b-${i}`,
        State: 'ACTIVE',
      })),
    },
    'ou-c': { ous: [], accounts: [{ Id: '300000000001', Name: 'c', State: 'ACTIVE' }] },
  };

  function fakeClient(fail?: string) {
    const client = new OrganizationsClient({ region: 'us-east-1' });
    const seen: string[] = [];
    const send = async (command: unknown) => {
      if (command instanceof ListChildrenCommand) {
        const { ParentId } = command.input;
        seen.push(`children ${ParentId}`);
        return {
          Children: (tree[ParentId ?? '']?.ous ?? []).map((Id) => ({ Id, Type: 'ORGANIZATIONAL_UNIT' })),
        };
      }
      if (command instanceof ListAccountsForParentCommand) {
        const { ParentId, NextToken, MaxResults } = command.input;
        seen.push(`accounts ${ParentId}`);
        if (fail === ParentId) throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
        const all = tree[ParentId ?? '']?.accounts ?? [];
        const start = Number(NextToken ?? 0);
        const end = start + (MaxResults ?? 20);
        return { Accounts: all.slice(start, end), ...(end < all.length ? { NextToken: String(end) } : {}) };
      }
      throw new Error('unexpected command');
    };
    client.send = send as unknown as OrganizationsClient['send'];
    return { client, seen };
  }

  it('lists the ACTIVE accounts under the OUs and their nested OUs, each once', async () => {
    const { client, seen } = fakeClient();
    const accounts = await listActiveAccounts(client, { ouIds: ['ou-a', 'ou-a1'] });
    expect(accounts).toEqual([
      { id: '100000000001', name: 'a-prod' },
      { id: '100000000003', name: 'a1-dev' },
    ]);
    // ou-a1 is both named and nested: visited once.
    expect(seen.filter((s) => s === 'accounts ou-a1')).toHaveLength(1);
  });

  it('pages through an OU with more than 20 accounts and leaves other OUs out', async () => {
    const { client } = fakeClient();
    const accounts = await listActiveAccounts(client, { ouIds: ['ou-b'] });
    expect(accounts).toHaveLength(25);
    expect(accounts.map((a) => a.id)).not.toContain('300000000001');
  });

  it('wraps a failure in AwsOperationError naming the OU', async () => {
    const { client } = fakeClient('ou-a1');
    const error = await listActiveAccounts(client, { ouIds: ['ou-a'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsOperationError);
    expect((error as Error).message).toContain('ou-a1');
    expect(classifyAwsError(error).kind).toBe('access-denied');
  });
});
