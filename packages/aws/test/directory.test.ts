import { type DescribeAccountCommand, ListParentsCommand } from '@aws-sdk/client-organizations';
import { AccountDirectory, AccountLookupError, classifyAwsError, createClients } from '../src';
import { callsTo, createOrg, MEMBER, type Org, OTHER_MEMBER, organizationsReader } from './fixture';

const SUSPENDED = '444444444444';
const OUTSIDER = '555555555555';

describe('AccountDirectory', () => {
  let org: Org;
  let clock: number;
  let directory: AccountDirectory;

  beforeEach(() => {
    org = createOrg();
    org.sb.addAccount({ id: SUSPENDED, name: 'old-sandbox', status: 'SUSPENDED' });
    org.sb.addAccount({ id: OUTSIDER, name: 'someone-else', inOrganization: false });
    clock = 1_000_000;
    const organizations = organizationsReader(org);
    directory = new AccountDirectory(organizations, { ttlMs: 60_000, now: () => clock });
  });

  it('knows an ACTIVE member and its name', async () => {
    await expect(directory.lookup(MEMBER)).resolves.toEqual({
      status: 'active',
      id: MEMBER,
      name: 'member-1',
    });
  });

  it('reports a suspended member as inactive, with its state', async () => {
    await expect(directory.lookup(SUSPENDED)).resolves.toEqual({
      status: 'inactive',
      id: SUSPENDED,
      name: 'old-sandbox',
      state: 'SUSPENDED',
    });
  });

  it('reports an account outside the organization as not a member', async () => {
    await expect(directory.lookup(OUTSIDER)).resolves.toEqual({ status: 'not-member', id: OUTSIDER });
  });

  it('answers from its cache until the TTL passes', async () => {
    await directory.lookup(MEMBER);
    await directory.lookup(MEMBER);
    await Promise.all([directory.lookup(OUTSIDER), directory.lookup(OUTSIDER)]);
    expect(callsTo(org.sb, 'DescribeAccount')).toHaveLength(2);
    clock += 60_000;
    await directory.lookup(MEMBER);
    expect(callsTo(org.sb, 'DescribeAccount')).toHaveLength(3);
  });

  it("takes the sweep planner's listing while it is fresh, then asks Organizations again", async () => {
    const listed = { status: 'active' as const, id: MEMBER, name: 'member-1' };
    directory.prime(listed, new Date(clock - 20_000));
    await expect(directory.lookup(MEMBER)).resolves.toEqual(listed);
    expect(callsTo(org.sb, 'DescribeAccount')).toHaveLength(0);
    // It expires a TTL after the listing, not after the priming.
    clock += 40_000;
    await directory.lookup(MEMBER);
    expect(callsTo(org.sb, 'DescribeAccount')).toHaveLength(1);
  });

  it('keeps a live answer over a listing, ignores a stale listing, and forgets on request', async () => {
    await directory.lookup(SUSPENDED);
    directory.prime({ status: 'active', id: SUSPENDED, name: 'old-sandbox' }, new Date(clock));
    await expect(directory.lookup(SUSPENDED)).resolves.toMatchObject({ status: 'inactive' });
    directory.prime({ status: 'active', id: MEMBER, name: 'member-1' }, new Date(clock - 60_000));
    await directory.lookup(MEMBER);
    expect(callsTo(org.sb, 'DescribeAccount')).toHaveLength(2);
    directory.forget(MEMBER);
    await directory.lookup(MEMBER);
    expect(callsTo(org.sb, 'DescribeAccount')).toHaveLength(3);
  });

  it('holds an answer once it is in, without a call, until the TTL passes (cached)', async () => {
    expect(directory.cached(OUTSIDER)).toBeUndefined();
    const pending = directory.lookup(OUTSIDER);
    // Asked, not answered yet: nothing is held.
    expect(directory.cached(OUTSIDER)).toBeUndefined();
    await pending;
    expect(directory.cached(OUTSIDER)).toEqual({ status: 'not-member', id: OUTSIDER });
    directory.prime({ status: 'active', id: MEMBER, name: 'member-1' }, new Date(clock));
    expect(directory.cached(MEMBER)).toMatchObject({ status: 'active' });
    const calls = org.sb.calls.length;
    clock += 60_000;
    expect(directory.cached(OUTSIDER)).toBeUndefined();
    expect(directory.cached(MEMBER)).toBeUndefined();
    expect(org.sb.calls.length).toBe(calls);
  });

  it('takes no listing when it reads OUs (a listing has none)', async () => {
    const withOus = new AccountDirectory(organizationsReader(org), { ancestors: true, now: () => clock });
    withOus.prime({ status: 'active', id: MEMBER, name: 'member-1' }, new Date(clock));
    await expect(withOus.lookup(MEMBER)).resolves.toMatchObject({ organizationalUnits: expect.any(Array) });
    expect(callsTo(org.sb, 'DescribeAccount')).toHaveLength(1);
  });

  it('throws AccountLookupError on a failed lookup, and does not cache it', async () => {
    org.sb.faults.add({ service: 'organizations', kind: 'access-denied', times: 1 });
    const error = await directory.lookup(MEMBER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountLookupError);
    expect(error).toMatchObject({ name: 'AccountLookupError', account: MEMBER });
    expect(classifyAwsError(error).kind).toBe('access-denied');
    await expect(directory.lookup(MEMBER)).resolves.toMatchObject({ status: 'active' });
  });

  it('is denied from an account that is neither management nor delegated administrator', async () => {
    const fromHub = new AccountDirectory(createClients(org.aws).organizations());
    const error = await fromHub.lookup(MEMBER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountLookupError);
    expect(classifyAwsError(error)).toMatchObject({ kind: 'access-denied', code: 'AccessDeniedException' });
  });

  it('classifies throttling that outlasts the retries as retryable', async () => {
    org.sb.faults.add({ service: 'organizations', operation: 'DescribeAccount', kind: 'throttle' });
    const error = await directory.lookup(MEMBER).catch((e: unknown) => e);
    expect(classifyAwsError(error).kind).toBe('retryable');
  });
});

describe('AccountDirectory with ancestors (the OUs and root above an account)', () => {
  let org: Org;
  let clock: number;
  let directory: AccountDirectory;
  let workloads: string;
  let prod: string;

  beforeEach(() => {
    org = createOrg();
    org.sb.addAccount({ id: SUSPENDED, name: 'old-sandbox', status: 'SUSPENDED' });
    org.sb.addAccount({ id: OUTSIDER, name: 'someone-else', inOrganization: false });
    const tree = org.sb.organization;
    workloads = tree.createOrganizationalUnit(tree.rootId, 'workloads');
    prod = tree.createOrganizationalUnit(workloads, 'prod');
    tree.moveAccount(MEMBER, prod);
    clock = 1_000_000;
    directory = new AccountDirectory(organizationsReader(org), {
      ttlMs: 60_000,
      now: () => clock,
      ancestors: true,
    });
  });

  it('lists the OUs of an ACTIVE member nearest first, then the root', async () => {
    await expect(directory.lookup(MEMBER)).resolves.toEqual({
      status: 'active',
      id: MEMBER,
      name: 'member-1',
      organizationalUnits: [prod, workloads, org.sb.organization.rootId],
    });
    expect(callsTo(org.sb, 'ListParents')).toHaveLength(3);
  });

  it('gives an account directly under the root just the root', async () => {
    await expect(directory.lookup(OTHER_MEMBER)).resolves.toMatchObject({
      organizationalUnits: [org.sb.organization.rootId],
    });
  });

  it('reads no parents of an account that is not an ACTIVE member', async () => {
    await expect(directory.lookup(SUSPENDED)).resolves.not.toHaveProperty('organizationalUnits');
    await expect(directory.lookup(OUTSIDER)).resolves.toEqual({ status: 'not-member', id: OUTSIDER });
    expect(callsTo(org.sb, 'ListParents')).toHaveLength(0);
  });

  it('caches the OUs with the membership, for the same TTL', async () => {
    await directory.lookup(MEMBER);
    await Promise.all([directory.lookup(MEMBER), directory.lookup(MEMBER)]);
    expect(callsTo(org.sb, 'ListParents')).toHaveLength(3);
    // Moved meanwhile: the cached answer stands until the TTL passes, then the new tree is read.
    org.sb.organization.moveAccount(MEMBER, workloads);
    await expect(directory.lookup(MEMBER)).resolves.toMatchObject({
      organizationalUnits: [prod, workloads, org.sb.organization.rootId],
    });
    clock += 60_000;
    await expect(directory.lookup(MEMBER)).resolves.toMatchObject({
      organizationalUnits: [workloads, org.sb.organization.rootId],
    });
    expect(callsTo(org.sb, 'DescribeAccount')).toHaveLength(2);
    expect(callsTo(org.sb, 'ListParents')).toHaveLength(5);
  });

  it('throws AccountLookupError naming ListParents when a parent cannot be read, and does not cache it', async () => {
    // As from a read role deployed before it was allowed organizations:ListParents.
    org.sb.faults.add({
      service: 'organizations',
      operation: 'ListParents',
      kind: 'access-denied',
      times: 1,
    });
    const error = await directory.lookup(MEMBER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountLookupError);
    expect(error).toMatchObject({
      account: MEMBER,
      message: expect.stringContaining(`ListParents ${MEMBER}`),
    });
    expect(classifyAwsError(error).kind).toBe('access-denied');
    expect(callsTo(org.sb, 'DescribeAccount')).toHaveLength(1);
    await expect(directory.lookup(MEMBER)).resolves.toMatchObject({
      organizationalUnits: [prod, workloads, org.sb.organization.rootId],
    });
    expect(callsTo(org.sb, 'DescribeAccount')).toHaveLength(2);
  });

  it('classifies throttling of ListParents that outlasts the retries as retryable', async () => {
    org.sb.faults.add({ service: 'organizations', operation: 'ListParents', kind: 'throttle' });
    const error = await directory.lookup(MEMBER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountLookupError);
    expect(classifyAwsError(error).kind).toBe('retryable');
  });

  it('throws rather than guess when an answer names no parent, or the walk never reaches a root', async () => {
    const client = organizationsReader(org);
    const send = client.send.bind(client);
    let answer: object = { Parents: [] };
    client.send = (async (command: unknown) =>
      command instanceof ListParentsCommand
        ? answer
        : send(command as DescribeAccountCommand)) as unknown as typeof client.send;
    const faked = new AccountDirectory(client, { ancestors: true });
    await expect(faked.lookup(MEMBER)).rejects.toThrow(/ListParents 222222222222 failed: .*no parent/);
    answer = { Parents: [{ Id: 'ou-loop-12345678', Type: 'ORGANIZATIONAL_UNIT' }] };
    await expect(faked.lookup(MEMBER)).rejects.toThrow(/no root within/);
  });
});

describe('AccountDirectory without ancestors', () => {
  it('makes no ListParents call, and says nothing of OUs', async () => {
    const org = createOrg();
    const tree = org.sb.organization;
    tree.moveAccount(MEMBER, tree.createOrganizationalUnit(tree.rootId, 'workloads'));
    const directory = new AccountDirectory(organizationsReader(org));
    await expect(directory.lookup(MEMBER)).resolves.toEqual({
      status: 'active',
      id: MEMBER,
      name: 'member-1',
    });
    expect(callsTo(org.sb, 'DescribeAccount')).toHaveLength(1);
    expect(callsTo(org.sb, 'ListParents')).toHaveLength(0);
  });
});
